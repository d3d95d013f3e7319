import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  countSummaries,
  rollUpCounts,
  type DistributionResponse,
  type DistributionSnapshot,
  type SummariesResponse,
} from '@readiness/plugin-readiness-common';
import { summaryRow } from '../../testing/summaryRow';
import {
  readinessApiRef,
  type ReadinessApi,
  type ReadinessSummariesQuery,
} from '../../api/ReadinessApi';
import { tabStops, unnamedStops } from '../__testUtils__/keyboard';
import { ReadinessScorecard } from './ReadinessScorecard';
import type { ScorecardRow } from './types';

// Rendering and clicking through the app takes seconds on a loaded 2-core CI
// machine; the default 5 s made these tests flaky there.
jest.setTimeout(30_000);

function makeRow(
  name: string,
  extra: Partial<ScorecardRow> = {},
): ScorecardRow {
  return summaryRow(name, {
    evaluatedAt: new Date(Date.now() - 5 * 60 * 1000).toISOString(),
    owner: 'group:default/billing',
    system: 'system:default/payments',
    lifecycle: 'production',
    ...extra,
  });
}

const distribution: DistributionResponse = {
  counts: {
    total: 63,
    tiers: { enterprise: 3, production: 12, mvs: 7, none: 41 },
    stopWork: 5,
    belowRequiredTier: 9,
    scoreSum: 2520,
  },
  facets: {
    owners: ['group:default/billing', 'group:other/ops'],
    systems: ['system:default/payments'],
    lifecycles: ['experimental', 'production'],
  },
};

/**
 * A mock whose summaries queries answer with `page(query)`, and whose
 * distribution, trend and roll-ups answer with fixed data.
 */
function mockApi(page: (query: ReadinessSummariesQuery) => SummariesResponse) {
  const getSummaries = jest.fn(
    async (query: ReadinessSummariesQuery = {}): Promise<SummariesResponse> =>
      page(query),
  );
  const getDistribution = jest.fn(async () => distribution);
  const getDistributionTrend = jest.fn(
    async (): Promise<DistributionSnapshot[]> => [
      {
        day: '2026-11-23',
        counts: countSummaries([makeRow('a', { tier: null, stopWork: true })]),
      },
      { day: '2026-11-24', counts: distribution.counts },
    ],
  );
  const getRollups = jest.fn(async (by: 'owner' | 'system') =>
    by === 'owner'
      ? [
          rollUpCounts(
            'group:default/platform-team',
            countSummaries([
              makeRow('flow', { tier: null, stopWork: true }),
              makeRow('portal', { tier: 'enterprise' }),
            ]),
          ),
        ]
      : [
          rollUpCounts(
            'system:default/payments',
            countSummaries([makeRow('ledger', { tier: 'mvs', score: 40 })]),
          ),
        ],
  );
  const api: Partial<ReadinessApi> = {
    getSummaries,
    getDistribution,
    getDistributionTrend,
    getRollups,
    listCampaigns: async () => [],
  };
  const tableQueries = () =>
    getSummaries.mock.calls.map(([query]) => query ?? {});
  const requestCount = () =>
    [getSummaries, getDistribution, getDistributionTrend, getRollups].reduce(
      (sum, fn) => sum + fn.mock.calls.length,
      0,
    );
  return { api, getSummaries, tableQueries, requestCount };
}

function render(api: Partial<ReadinessApi>) {
  return renderInTestApp(
    <TestApiProvider apis={[[readinessApiRef, api]]}>
      <ReadinessScorecard />
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}

describe('ReadinessScorecard', () => {
  it('renders rows with link, tier, score, stop-work, risk, owner, system, lifecycle and time', async () => {
    const { api } = mockApi(() => ({
      items: [
        makeRow('billing', { title: 'Billing service' }),
        makeRow('legacy', {
          tier: null,
          score: 10,
          stopWork: true,
          risk: 'critical',
        }),
      ],
      totalCount: 2,
    }));
    await render(api);

    const table = await screen.findByRole('table', {
      name: 'Readiness of components',
    });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);

    const billing = within(rows[1]);
    expect(
      billing.getByRole('link', { name: 'Billing service' }),
    ).toHaveAttribute('href', '/catalog/default/component/billing');
    expect(billing.getByText('Tier: Production Ready')).toBeInTheDocument();
    expect(billing.getByText('72')).toBeInTheDocument();
    expect(billing.getByText('Manageable')).toBeInTheDocument();
    expect(billing.getByRole('link', { name: 'billing' })).toHaveAttribute(
      'href',
      '/catalog/default/group/billing',
    );
    expect(billing.getByRole('link', { name: 'payments' })).toHaveAttribute(
      'href',
      '/catalog/default/system/payments',
    );
    expect(billing.getByText('5 minutes ago')).toBeInTheDocument();

    const legacy = within(rows[2]);
    expect(legacy.getByRole('link', { name: 'legacy' })).toBeInTheDocument();
    expect(legacy.getByText('Tier: No tier achieved')).toBeInTheDocument();
    expect(legacy.getByText('Stop work')).toBeInTheDocument();
    expect(legacy.getByText('Critical')).toBeInTheDocument();
  });

  it('shows the distribution, its trend and the roll-ups with five requests', async () => {
    const { api, requestCount } = mockApi(() => ({
      items: [makeRow('billing')],
      totalCount: 1,
    }));
    await render(api);

    expect(
      await screen.findByRole('listitem', {
        name: 'Enterprise Grade: 3 components',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('listitem', { name: 'No tier achieved: 41 components' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('5 components under stop-work'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('9 components below the tier their lifecycle requires'),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('img', {
        name: 'Tier distribution per day over the last 90 days, 2 days recorded',
      }),
    ).toBeInTheDocument();

    const owners = await screen.findByRole('table', {
      name: 'Readiness by owner',
    });
    const platform = within(owners).getAllByRole('row')[1];
    expect(
      within(platform).getByRole('link', { name: 'platform-team' }),
    ).toHaveAttribute('href', '/catalog/default/group/platform-team');
    // the weakest component sets the tier; its blocker shows on the group
    expect(within(platform).getByText('No tier achieved')).toBeInTheDocument();
    expect(
      within(platform)
        .getAllByRole('cell')
        .map(cell => cell.textContent),
    ).toEqual(['platform-team', 'No tier achieved', '2', '1', '0', '72']);
    const systems = screen.getByRole('table', { name: 'Readiness by system' });
    expect(
      within(systems).getByText('Minimum Viable System'),
    ).toBeInTheDocument();

    await screen.findByRole('table', { name: 'Readiness of components' });
    expect(requestCount()).toBe(5);
  });

  it('asks for the trend, campaigns and roll-ups only once the first page has come', async () => {
    const { api } = mockApi(() => ({ items: [], totalCount: 0 }));
    let answer: (page: SummariesResponse) => void = () => {};
    const getSummaries = jest.fn(
      () =>
        new Promise<SummariesResponse>(resolve => {
          answer = resolve;
        }),
    );
    const listCampaigns = jest.fn(async () => []);
    await render({ ...api, getSummaries, listCampaigns });

    await waitFor(() => expect(getSummaries).toHaveBeenCalledTimes(1));
    expect(api.getDistribution).toHaveBeenCalledTimes(1);
    expect(api.getDistributionTrend).not.toHaveBeenCalled();
    expect(api.getRollups).not.toHaveBeenCalled();
    expect(listCampaigns).not.toHaveBeenCalled();

    answer({ items: [makeRow('billing')], totalCount: 1 });
    expect(
      await screen.findByRole('table', { name: 'Readiness by owner' }),
    ).toBeInTheDocument();
    expect(api.getDistributionTrend).toHaveBeenCalledTimes(1);
    expect(api.getRollups).toHaveBeenCalledTimes(2);
    expect(listCampaigns).toHaveBeenCalledTimes(1);
  });

  it('highlights rows below their required tier and filters on it', async () => {
    const { api, tableQueries } = mockApi(() => ({
      items: [
        makeRow('ledger', {
          tier: 'mvs',
          requiredTier: 'production',
          belowRequiredTier: true,
        }),
        makeRow('payments', {
          tier: 'enterprise',
          requiredTier: 'production',
          belowRequiredTier: false,
        }),
      ],
      totalCount: 2,
    }));
    await render(api);
    const table = await screen.findByRole('table', {
      name: 'Readiness of components',
    });
    const [, ledger, payments] = within(table).getAllByRole('row');
    expect(
      within(ledger).getByText('Below required: Production Ready'),
    ).toBeInTheDocument();
    expect(ledger.className).not.toBe(payments.className);
    expect(within(payments).queryByText(/Below required/)).toBeNull();

    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Below required tier only' }),
    );
    await waitFor(() =>
      expect(tableQueries().at(-1)).toEqual(
        expect.objectContaining({ belowRequiredTier: true }),
      ),
    );
  });

  it('sends the tier, stop-work and debounced search filters to the server', async () => {
    const { api, tableQueries } = mockApi(() => ({
      items: [makeRow('billing')],
      totalCount: 1,
    }));
    await render(api);
    await screen.findByRole('table', { name: 'Readiness of components' });
    expect(tableQueries()[0]).toEqual({
      sort: 'entityRef',
      cursor: undefined,
      limit: 50,
    });

    await userEvent.click(screen.getByRole('button', { name: /Any tier/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'No tier achieved' }),
    );
    await waitFor(() =>
      expect(tableQueries().at(-1)).toEqual(
        expect.objectContaining({ tier: 'none' }),
      ),
    );

    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Stop-work only' }),
    );
    await waitFor(() =>
      expect(tableQueries().at(-1)).toEqual(
        expect.objectContaining({ tier: 'none', stopWork: true }),
      ),
    );

    const before = tableQueries().length;
    await userEvent.type(
      await screen.findByRole('searchbox', { name: 'Search by name' }),
      'bill',
    );
    await waitFor(() =>
      expect(tableQueries().at(-1)).toEqual({
        tier: 'none',
        stopWork: true,
        q: 'bill',
        sort: 'entityRef',
        cursor: undefined,
        limit: 50,
      }),
    );
    // debounced: one request for the whole word, not one per key
    expect(tableQueries().length).toBe(before + 1);

    await userEvent.click(screen.getByRole('button', { name: /Owner/ }));
    const ownerOptions = await screen.findAllByRole('option');
    expect(ownerOptions.map(o => o.textContent)).toEqual([
      'Any',
      'billing',
      'other/ops',
    ]);
    await userEvent.click(screen.getByRole('option', { name: 'other/ops' }));
    await waitFor(() =>
      expect(tableQueries().at(-1)).toEqual(
        expect.objectContaining({ owner: 'group:other/ops', q: 'bill' }),
      ),
    );
  });

  it('pages forward with nextCursor and back through the cursor stack', async () => {
    const { api, tableQueries } = mockApi(query => {
      if (!query.cursor) {
        return { items: [makeRow('first')], nextCursor: 'c2', totalCount: 120 };
      }
      if (query.cursor === 'c2') {
        return {
          items: [makeRow('second')],
          nextCursor: 'c3',
          totalCount: 120,
        };
      }
      return { items: [makeRow('third')], totalCount: 120 };
    });
    await render(api);

    expect(
      await screen.findByRole('link', { name: 'first' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Previous page' }),
    ).toBeDisabled();
    expect(screen.getByText('Page 1 of 3, 120 components')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(
      await screen.findByRole('link', { name: 'second' }),
    ).toBeInTheDocument();
    expect(tableQueries().at(-1)).toEqual(
      expect.objectContaining({ cursor: 'c2', limit: 50 }),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(
      await screen.findByRole('link', { name: 'third' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Page 3 of 3, 120 components')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();

    await userEvent.click(
      screen.getByRole('button', { name: 'Previous page' }),
    );
    expect(
      await screen.findByRole('link', { name: 'second' }),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Previous page' }),
    );
    expect(
      await screen.findByRole('link', { name: 'first' }),
    ).toBeInTheDocument();
    expect(tableQueries().at(-1)).toEqual(
      expect.objectContaining({ cursor: undefined }),
    );
  });

  it('sorts on the server and toggles the direction', async () => {
    const { api, tableQueries } = mockApi(query => ({
      items: [makeRow(`sorted-${query.sort}`)],
      totalCount: 1,
    }));
    await render(api);
    await screen.findByRole('table', { name: 'Readiness of components' });

    await userEvent.click(screen.getByRole('button', { name: 'Score' }));
    expect(
      await screen.findByRole('link', { name: 'sorted--score' }),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Score' }));
    expect(
      await screen.findByRole('link', { name: 'sorted-score' }),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Tier' }));
    expect(
      await screen.findByRole('link', { name: 'sorted-tier' }),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Name' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Name' }));
    expect(
      await screen.findByRole('link', { name: 'sorted--entityRef' }),
    ).toBeInTheDocument();
    expect(tableQueries().map(q => q.sort)).toEqual(
      expect.arrayContaining(['-score', 'score', 'tier', '-entityRef']),
    );
  });

  it('shows an empty state when nothing matches', async () => {
    const { api } = mockApi(() => ({ items: [], totalCount: 0 }));
    await render(api);
    expect(await screen.findByText('No components match')).toBeInTheDocument();
    expect(
      screen.queryByRole('table', { name: 'Readiness of components' }),
    ).not.toBeInTheDocument();
  });

  it('shows an error panel when the summaries fail', async () => {
    const response = new Response(
      JSON.stringify({
        error: { name: 'InputError', message: 'cursor: invalid cursor' },
        response: { statusCode: 400 },
      }),
      { status: 400, headers: { 'content-type': 'application/json' } },
    );
    const error = await ResponseError.fromResponse(response as any);
    const { api } = mockApi(() => {
      throw error;
    });
    await render(api);
    expect(
      (await screen.findAllByText(/cursor: invalid cursor/)).length,
    ).toBeGreaterThan(0);
    expect(
      screen.queryByRole('table', { name: 'Readiness of components' }),
    ).not.toBeInTheDocument();
  });

  it('exports the filtered set as CSV through a Blob link', async () => {
    const { api, tableQueries } = mockApi(query => {
      if (query.limit === 500 && !query.cursor) {
        return {
          items: [makeRow('a', { owner: '=evil()' })],
          nextCursor: 'x',
          totalCount: 2,
        };
      }
      return { items: [makeRow('b')], totalCount: 2 };
    });
    const blobs: Blob[] = [];
    const createObjectURL = jest.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:csv';
    });
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});

    await render(api);
    await screen.findByRole('table', { name: 'Readiness of components' });
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Stop-work only' }),
    );
    await screen.findByRole('table', { name: 'Readiness of components' });
    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));

    await waitFor(() => expect(click).toHaveBeenCalled());
    const exportQueries = tableQueries().filter(q => q.limit === 500);
    expect(exportQueries).toEqual([
      { stopWork: true, sort: 'entityRef', limit: 500, cursor: undefined },
      { stopWork: true, sort: 'entityRef', limit: 500, cursor: 'x' },
    ]);
    const text = await blobs[0].text();
    expect(text).toContain('component:default/a');
    expect(text).toContain('component:default/b');
    expect(text).toContain(",'=evil(),");
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:csv');
    click.mockRestore();
  });

  it('is operable by keyboard: every control is a named tab stop, in reading order', async () => {
    const { api, tableQueries } = mockApi(query => ({
      items: [makeRow(`sorted-${query.sort}`)],
      totalCount: 60,
      nextCursor: 'c1',
    }));
    await render(api);
    const table = await screen.findByRole('table', {
      name: 'Readiness of components',
    });
    const filters = screen.getByRole('search', { name: /filter/i });
    const tier = within(filters).getByRole('button', { name: /^Tier/ });
    const stopWorkOnly = within(filters).getByRole('checkbox', {
      name: 'Stop-work only',
    });
    const score = within(table).getByRole('button', { name: 'Score' });

    const stops = await tabStops();
    expect(unnamedStops(stops)).toEqual([]);
    const filterAndTableStops = [
      within(filters).getByRole('searchbox', { name: 'Search by name' }),
      tier,
      stopWorkOnly,
      within(filters).getByRole('checkbox', {
        name: 'Below required tier only',
      }),
      within(filters).getByRole('button', { name: /^Owner/ }),
      within(filters).getByRole('button', { name: /^System/ }),
      within(filters).getByRole('button', { name: /^Lifecycle/ }),
      within(filters).getByRole('button', { name: 'Export CSV' }),
      within(table).getByRole('button', { name: 'Name' }),
      within(table).getByRole('button', { name: 'Tier' }),
      score,
      within(table).getByRole('button', { name: 'Evaluated' }),
      within(table).getByRole('link', { name: /^sorted-/ }),
      within(table).getByRole('link', { name: 'billing' }),
      within(table).getByRole('link', { name: 'payments' }),
      screen.getByRole('button', { name: 'Next page' }),
    ];
    // the roll-ups above the filters come first; the rest in reading order
    expect(stops.slice(-filterAndTableStops.length)).toEqual(
      filterAndTableStops,
    );

    // a select opens with Enter and picks with the arrow keys
    tier.focus();
    await userEvent.keyboard('{Enter}');
    const options = await screen.findByRole('listbox');
    expect(
      within(options).getByRole('option', { name: 'Any tier' }),
    ).toHaveFocus();
    await userEvent.keyboard('{ArrowDown}{Enter}');
    await waitFor(() =>
      expect(tableQueries().at(-1)).toMatchObject({ tier: 'enterprise' }),
    );

    // Space toggles a checkbox, Enter sorts a column
    stopWorkOnly.focus();
    await userEvent.keyboard(' ');
    expect(stopWorkOnly).toBeChecked();
    await waitFor(() =>
      expect(tableQueries().at(-1)).toMatchObject({ stopWork: true }),
    );
    within(
      await screen.findByRole('table', { name: 'Readiness of components' }),
    )
      .getByRole('button', { name: 'Score' })
      .focus();
    await userEvent.keyboard('{Enter}');
    expect(
      await screen.findByRole('link', { name: 'sorted--score' }),
    ).toBeInTheDocument();
  });
});
