import type { Entity } from '@backstage/catalog-model';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  createExtensionTester,
  mockApis,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { readinessApiRef, type ReadinessApi } from '../api/ReadinessApi';
import { seedReport } from '../testing/seedReport';
import { summaryRow } from '../testing/summaryRow';
import { countSummaries } from '@readiness/plugin-readiness-common';
import plugin from './plugin';
import {
  readinessEntityStopWorkBanner,
  readinessEntitySummaryCard,
} from './entityCards';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

// Rendering and clicking through the app takes seconds on a loaded 2-core CI
// machine; the default 5 s made these tests flaky there.
jest.setTimeout(30_000);

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'legacy-billing', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'billing' },
};

const user: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'jane', namespace: 'default' },
  spec: {},
};

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'billing', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

// A card without a filter: proves the entity page rendered its cards.
const controlCard = EntityCardBlueprint.make({
  name: 'control',
  params: {
    type: 'content',
    loader: async () => <div>control card</div>,
  },
});

function readinessApi() {
  const getReport = jest.fn(async () => seedReport());
  // The card lists the entity's waivers too.
  const api: Partial<ReadinessApi> = { getReport, listWaivers: async () => [] };
  return { api, getReport };
}

describe('readiness alpha plugin', () => {
  it('has the expected extension ids', () => {
    expect(String(plugin.getExtension('api:readiness'))).toContain('kind=api');
    expect(
      String(plugin.getExtension('entity-card:readiness/summary')),
    ).toContain('name=summary');
    expect(
      String(plugin.getExtension('entity-card:readiness/stop-work-banner')),
    ).toContain('name=stop-work-banner');
    expect(String(plugin.getExtension('page:readiness'))).toContain(
      'kind=page',
    );
    expect(
      String(plugin.getExtension('catalog-filter:readiness/tier')),
    ).toContain('kind=catalog-filter');
    expect(
      String(plugin.getExtension('entity-card:readiness/rollup')),
    ).toContain('name=rollup');
  });

  it('renders the scorecard page at /readiness', async () => {
    const getSummaries = jest.fn(async () => ({
      items: [
        summaryRow('legacy-billing', {
          tier: null,
          score: 10,
          stopWork: true,
          risk: 'critical',
        }),
      ],
      totalCount: 1,
    }));
    const getDistribution = jest.fn(async () => ({
      counts: countSummaries([summaryRow('a', { tier: 'enterprise' })]),
      facets: { owners: [], systems: [], lifecycles: [] },
    }));
    renderTestApp({
      extensions: [plugin.getExtension('page:readiness')],
      initialRouteEntries: ['/readiness'],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name':
          convertLegacyRouteRef(entityRouteRef),
      },
      apis: [
        [
          readinessApiRef,
          {
            getSummaries,
            getDistribution,
            getDistributionTrend: async () => [],
            getRollups: async () => [],
            listCampaigns: async () => [],
          },
        ],
      ],
    });

    // The first render loads the page's lazy chunks: on a loaded 2-core CI
    // machine that took longer than setupTests' 4 s.
    expect(
      await screen.findByRole(
        'table',
        { name: 'Readiness of components' },
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'legacy-billing' }),
    ).toHaveAttribute('href', '/catalog/default/component/legacy-billing');
    expect(
      await screen.findByRole('listitem', {
        name: 'Enterprise Grade: 1 components',
      }),
    ).toBeInTheDocument();
    // the page's title and icon make it a sidebar item
    expect(
      within(screen.getByRole('navigation', { name: 'sidebar nav' })).getByRole(
        'link',
        { name: 'Readiness' },
      ),
    ).toHaveAttribute('href', '/readiness');
  });

  it('renders the card and the banner on a Component page', async () => {
    const { api } = readinessApi();
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: component }),
        controlCard,
        plugin.getExtension('entity-card:readiness/summary'),
        plugin.getExtension('entity-card:readiness/stop-work-banner'),
      ],
      apis: [
        [readinessApiRef, api],
        mockApis.permission({ authorize: AuthorizeResult.DENY }),
      ],
    });

    // Lazy chunks first, as for the scorecard page above.
    expect(
      await screen.findByText('Readiness', undefined, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('Tier: No tier achieved'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('Stop work: legacy-billing must not be deployed'),
    ).toBeInTheDocument();
  });

  // The overview layout puts info cards at the top of its side column and
  // content cards in the main column, after the catalog's relation cards.
  it('places the readiness card with About, and the banner in the main column', () => {
    const { type } = EntityCardBlueprint.dataRefs;
    expect(createExtensionTester(readinessEntitySummaryCard).get(type)).toBe(
      'info',
    );
    expect(createExtensionTester(readinessEntityStopWorkBanner).get(type)).toBe(
      'content',
    );
  });

  it('renders the roll-up card on a Group page, and not on a Component page', async () => {
    const getEntityRollup = jest.fn(async () => ({
      rollup: {
        entityRef: 'group:default/billing',
        counts: {
          total: 2,
          tiers: { enterprise: 0, production: 1, mvs: 1, none: 0 },
          stopWork: 0,
          belowRequiredTier: 0,
          scoreSum: 120,
        },
        tier: 'mvs' as const,
        stopWork: false,
        belowRequiredTier: false,
        averageScore: 60,
      },
      holdingBack: [],
    }));
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: group }),
        plugin.getExtension('entity-card:readiness/rollup'),
      ],
      apis: [[readinessApiRef, { getEntityRollup }]],
    });
    expect(await screen.findByText('Readiness roll-up')).toBeInTheDocument();
    expect(
      await screen.findByText('2 components, average score 60'),
    ).toBeInTheDocument();
    expect(getEntityRollup).toHaveBeenCalledWith('group:default/billing');
  });

  it('does not render the roll-up card on a Component page', async () => {
    const getEntityRollup = jest.fn();
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: component }),
        controlCard,
        plugin.getExtension('entity-card:readiness/rollup'),
      ],
      apis: [[readinessApiRef, { getEntityRollup }]],
    });
    expect(await screen.findByText('control card')).toBeInTheDocument();
    expect(screen.queryByText('Readiness roll-up')).not.toBeInTheDocument();
    expect(getEntityRollup).not.toHaveBeenCalled();
  });

  it.each([
    ['User', user],
    ['Group', group],
  ])('does not render on a %s page', async (_kind, entity) => {
    const { api, getReport } = readinessApi();
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity }),
        controlCard,
        plugin.getExtension('entity-card:readiness/summary'),
        plugin.getExtension('entity-card:readiness/stop-work-banner'),
      ],
      apis: [
        [readinessApiRef, api],
        mockApis.permission({ authorize: AuthorizeResult.DENY }),
      ],
    });

    // the page renders its cards, but ours are filtered out
    expect(await screen.findByText('control card')).toBeInTheDocument();
    expect(screen.queryByText('Readiness')).not.toBeInTheDocument();
    expect(screen.queryByText(/Stop work:/)).not.toBeInTheDocument();
    expect(getReport).not.toHaveBeenCalled();
  });
});
