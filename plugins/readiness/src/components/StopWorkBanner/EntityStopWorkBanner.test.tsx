import type { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type {
  AffectedEntitiesResponse,
  ReadinessReport,
} from '@readiness/plugin-readiness-common';
import { readinessApiRef } from '../../api/ReadinessApi';
import { ReadinessClient } from '../../api/ReadinessClient';
import {
  clearReport,
  manualStopWorkReport,
  seedReport,
  unverifiedBlockerReport,
} from '../../testing/seedReport';
import { tabStops } from '../__testUtils__/keyboard';
import { EntityStopWorkBanner } from './EntityStopWorkBanner';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'legacy-billing', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'billing' },
};

const reportUrl =
  'http://localhost:7007/api/readiness/v1/entities/component/default/legacy-billing';

const server = setupServer();
registerMswTestHooks(server);

const noneAffected: AffectedEntitiesResponse = { items: [], truncated: false };

async function renderBanner(
  report: ReadinessReport,
  affected: AffectedEntitiesResponse = noneAffected,
) {
  let served = false;
  server.use(
    http.get(reportUrl, () => {
      served = true;
      return HttpResponse.json(report);
    }),
    http.get(`${reportUrl}/stop-work/affected`, () =>
      HttpResponse.json(affected),
    ),
  );
  const client = new ReadinessClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: new MockFetchApi(),
  });
  const result = await renderInTestApp(
    <TestApiProvider apis={[[readinessApiRef, client]]}>
      <EntityProvider entity={entity}>
        <div data-testid="warning-area">
          <EntityStopWorkBanner />
        </div>
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return { ...result, wasServed: () => served };
}

describe('EntityStopWorkBanner', () => {
  it('renders the blockers and progress since the order began', async () => {
    await renderBanner(seedReport());

    const banner = await screen.findByRole('alert');
    expect(
      within(banner).getByText(
        'Stop work: legacy-billing must not be deployed',
      ),
    ).toBeInTheDocument();

    const blockers = within(banner).getByRole('list', { name: 'Blockers' });
    const lines = within(blockers)
      .getAllByRole('listitem')
      .map(li => li.textContent);
    expect(lines).toEqual([
      'Clean build: 40 compilation errors on main',
      expect.stringMatching(
        /^No known vulnerabilities: 2 known vulnerabilities/,
      ),
      expect.stringMatching(/^Healthy dependencies: 2 unhealthy dependencies/),
      'Deployment pipeline: no deployment pipeline',
    ]);

    const until = within(banner).getByRole('list', {
      name: 'Do not proceed until',
    });
    expect(
      within(until).getByText('compilation errors resolved 57/97'),
    ).toBeInTheDocument();
    expect(
      within(until).getByText('vulnerabilities patched 0/2'),
    ).toBeInTheDocument();
    expect(
      within(until).getByRole('progressbar', {
        name: 'compilation errors resolved 57/97',
      }),
    ).toHaveAttribute('aria-valuenow', String(Math.round((100 * 57) / 97)));
    expect(
      within(banner).queryByRole('list', { name: /Unverified blockers/ }),
    ).not.toBeInTheDocument();
  });

  it('lists what depends on the entity, linked to their pages', async () => {
    await renderBanner(seedReport(), {
      items: [
        {
          entityRef: 'component:default/web-portal',
          title: 'Web portal',
          via: 'dependency',
          depth: 1,
        },
        { entityRef: 'system:default/agents', via: 'system', depth: 1 },
      ],
      truncated: true,
    });

    const banner = await screen.findByRole('alert');
    const list = await within(banner).findByRole('list', {
      name: 'Depends on it',
    });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([
      'Web portal (depends on it)',
      'agents (its system)',
      'and more, not listed',
    ]);
    expect(
      within(list).getByRole('link', { name: 'Web portal' }),
    ).toHaveAttribute('href', '/catalog/default/component/web-portal');
  });

  it('lists no dependents when none are known', async () => {
    await renderBanner(seedReport());
    const banner = await screen.findByRole('alert');
    expect(
      within(banner).queryByRole('list', { name: 'Depends on it' }),
    ).not.toBeInTheDocument();
  });

  it('shows who issued a manual order, when and why', async () => {
    await renderBanner(manualStopWorkReport());

    const banner = await screen.findByRole('alert');
    expect(
      within(banner).getByText(
        'Issued by user:default/incident-commander on 27 Feb 2026: Incident INC-42: data corruption under investigation',
      ),
    ).toBeInTheDocument();
    expect(
      within(banner).queryByRole('list', { name: 'Blockers' }),
    ).not.toBeInTheDocument();
  });

  it('lists blockers whose evidence became unknown', async () => {
    await renderBanner(unverifiedBlockerReport());

    const banner = await screen.findByRole('alert');
    const unverified = within(banner).getByRole('list', {
      name: /Unverified blockers/,
    });
    expect(within(unverified).getByText('Clean build')).toBeInTheDocument();
  });

  it('renders nothing when no order is active', async () => {
    const { wasServed } = await renderBanner(clearReport());
    await waitFor(() => expect(wasServed()).toBe(true));
    // let the response reach the component before asserting it stays empty
    await act(() => new Promise(resolve => setTimeout(resolve, 20)));
    expect(screen.getByTestId('warning-area')).toBeEmptyDOMElement();
  });

  it('holds no control that a keyboard user could miss, and names its bars', async () => {
    await renderBanner(seedReport());
    const banner = await screen.findByRole('alert');

    // Everything in the banner is text read out with the alert; Tab has
    // nothing to stop on inside it.
    const stops = await tabStops();
    expect(stops.filter(stop => banner.contains(stop))).toEqual([]);
    const bars = within(banner).queryAllByRole('progressbar');
    expect(bars.length).toBeGreaterThan(0);
    for (const bar of bars) {
      expect(bar).toHaveAccessibleName(/\S/);
    }
  });
});
