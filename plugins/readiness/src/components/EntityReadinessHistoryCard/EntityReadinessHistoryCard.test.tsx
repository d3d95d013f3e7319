import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import type { EntityHistory } from '@readiness/plugin-readiness-common';
import { readinessApiRef } from '../../api/ReadinessApi';
import { EntityReadinessHistoryCard } from './EntityReadinessHistoryCard';

const claudeFlow: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'claude-flow', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team' },
};

const daysAgo = (days: number) =>
  new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString();

async function render(history: EntityHistory) {
  const getEntityHistory = jest.fn(async () => history);
  await renderInTestApp(
    <TestApiProvider apis={[[readinessApiRef, { getEntityHistory }]]}>
      <EntityProvider entity={claudeFlow}>
        <EntityReadinessHistoryCard />
      </EntityProvider>
    </TestApiProvider>,
  );
  return { getEntityHistory };
}

describe('EntityReadinessHistoryCard', () => {
  it('shows the time in the current tier, the score over time and each regression with the evidence that changed', async () => {
    const { getEntityHistory } = await render({
      items: [
        {
          evaluatedAt: daysAgo(20),
          tier: 'mvs',
          score: 64,
          stopWork: false,
          risk: 'manageable',
        },
        {
          evaluatedAt: daysAgo(6),
          tier: null,
          score: 31,
          stopWork: true,
          risk: 'critical',
        },
      ],
      currentTier: { tier: null, since: daysAgo(6) },
      regressions: [
        {
          checkId: 'build.clean',
          title: 'Clean build',
          from: 'pass',
          to: 'fail',
          detectedAt: daysAgo(6),
          summaryBefore: 'Build succeeded with 0 compilation errors',
          summaryAfter: '97 compilation errors on main',
          evidence: [
            { key: 'build', source: 'example-ci', observedAt: daysAgo(6) },
          ],
        },
      ],
    });

    expect(
      await screen.findByText(/^No tier achieved since .* \(6 days\)$/),
    ).toBeInTheDocument();
    expect(getEntityHistory).toHaveBeenCalledWith(
      'component:default/claude-flow',
    );
    expect(
      screen.getByRole('img', { name: /Score over time: 2 changes .* now 31/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^Clean build stopped passing on /),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Now: 97 compilation errors on main'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Before: Build succeeded with 0 compilation errors'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^build from example-ci, observed /),
    ).toBeInTheDocument();
  });

  it('says so when nothing has regressed, and when there is no history', async () => {
    await render({
      items: [
        {
          evaluatedAt: daysAgo(1),
          tier: 'production',
          score: 88,
          stopWork: false,
          risk: 'none',
        },
      ],
      currentTier: { tier: 'production', since: daysAgo(1) },
      regressions: [],
    });
    expect(
      await screen.findByText('No check has gone from pass to fail.'),
    ).toBeInTheDocument();
  });

  it('shows an empty state before the first evaluation', async () => {
    await render({ items: [], regressions: [] });
    expect(await screen.findByText('No history yet')).toBeInTheDocument();
  });
});
