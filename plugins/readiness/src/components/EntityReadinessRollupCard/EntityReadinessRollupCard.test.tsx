import type { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import {
  countSummaries,
  rollUpCounts,
  type EntityRollupResponse,
} from '@readiness/plugin-readiness-common';
import { readinessApiRef } from '../../api/ReadinessApi';
import { summaryRow } from '../../testing/summaryRow';
import { EntityReadinessRollupCard } from './EntityReadinessRollupCard';

const system: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'agent-platform',
    namespace: 'default',
    title: 'Agent platform',
  },
  spec: { owner: 'platform-team' },
};

// Awaited so that a slow first render (a cold test worker on a busy machine)
// is not charged to the findBy timeout that follows it.
async function render(response: EntityRollupResponse) {
  const getEntityRollup = jest.fn(async () => response);
  await renderInTestApp(
    <TestApiProvider apis={[[readinessApiRef, { getEntityRollup }]]}>
      <EntityProvider entity={system}>
        <EntityReadinessRollupCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return { getEntityRollup };
}

describe('EntityReadinessRollupCard', () => {
  it('shows the weakest tier, a blocker anywhere, and links to what holds the system back', async () => {
    const flow = summaryRow('claude-flow', {
      title: 'claude-flow',
      tier: null,
      score: 12,
      stopWork: true,
      requiredTier: 'production',
      belowRequiredTier: true,
    });
    const portal = summaryRow('web-portal', { tier: 'enterprise', score: 90 });
    const { getEntityRollup } = await render({
      rollup: rollUpCounts(
        'system:default/agent-platform',
        countSummaries([flow, portal]),
      ),
      holdingBack: [flow],
    });

    expect(
      await screen.findByText('1 under stop-work: a blocker holds this system'),
    ).toBeInTheDocument();
    expect(getEntityRollup).toHaveBeenCalledWith(
      'system:default/agent-platform',
    );
    expect(
      screen.getByText('2 components, average score 51'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('1 below the tier their lifecycle requires'),
    ).toBeInTheDocument();
    const list = screen.getByRole('list', {
      name: 'Components holding Agent platform back',
    });
    expect(
      within(list).getByRole('link', { name: 'claude-flow' }),
    ).toHaveAttribute('href', '/catalog/default/component/claude-flow');
    expect(within(list).getByText('stop work')).toBeInTheDocument();
    expect(
      within(list).getByText('below required Production Ready'),
    ).toBeInTheDocument();
    // the system's tier is its weakest component's: none achieved
    expect(screen.getAllByText('No tier achieved').length).toBeGreaterThan(0);
  });

  it('says so when no component has a report', async () => {
    await render({
      rollup: rollUpCounts('system:default/agent-platform', countSummaries([])),
      holdingBack: [],
    });
    expect(
      await screen.findByText('No evaluated components'),
    ).toBeInTheDocument();
  });
});
