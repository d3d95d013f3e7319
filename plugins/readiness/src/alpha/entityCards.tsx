import type { ExtensionDefinition } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { rollupKinds } from '../components/EntityReadinessRollupCard/isReadinessRollupAvailable';

/**
 * The readiness card on the entity overview of components,
 * `entity-card:readiness/summary`. An `info` card: the overview layout puts
 * those at the top of its side column, next to About, where a deployment
 * verdict belongs, instead of under the relation cards of the main column.
 * An app can move it with the card's `type` config.
 *
 * @alpha
 */
export const readinessEntitySummaryCard: ExtensionDefinition<{
  kind: 'entity-card';
  name: 'summary';
  params: object;
}> = EntityCardBlueprint.make({
  name: 'summary',
  params: {
    type: 'info',
    filter: { kind: 'component' },
    loader: async () =>
      import('../components/EntityReadinessCard').then(m => (
        <m.EntityReadinessCard />
      )),
  },
});

/**
 * The stop-work banner on the entity overview of components,
 * `entity-card:readiness/stop-work-banner`. The installed catalog has no
 * extension point for its warning area, so the banner is a full-width
 * content card that renders nothing while no order is active.
 *
 * @alpha
 */
export const readinessEntityStopWorkBanner: ExtensionDefinition<{
  kind: 'entity-card';
  name: 'stop-work-banner';
  params: object;
}> = EntityCardBlueprint.make({
  name: 'stop-work-banner',
  params: {
    type: 'content',
    filter: { kind: 'component' },
    loader: async () =>
      import('../components/StopWorkBanner').then(m => (
        <m.EntityStopWorkBanner />
      )),
  },
});

/**
 * The readiness roll-up on System, Group and Domain pages,
 * `entity-card:readiness/rollup`.
 *
 * @alpha
 */
export const readinessEntityRollupCard: ExtensionDefinition<{
  kind: 'entity-card';
  name: 'rollup';
  params: object;
}> = EntityCardBlueprint.make({
  name: 'rollup',
  params: {
    type: 'content',
    filter: { kind: { $in: rollupKinds } },
    loader: async () =>
      import('../components/EntityReadinessRollupCard').then(m => (
        <m.EntityReadinessRollupCard />
      )),
  },
});

/**
 * A component's readiness history on its overview,
 * `entity-card:readiness/history`: score and tier over time and its
 * regressions.
 *
 * @alpha
 */
export const readinessEntityHistoryCard: ExtensionDefinition<{
  kind: 'entity-card';
  name: 'history';
  params: object;
}> = EntityCardBlueprint.make({
  name: 'history',
  params: {
    type: 'content',
    filter: { kind: 'component' },
    loader: async () =>
      import('../components/EntityReadinessHistoryCard').then(m => (
        <m.EntityReadinessHistoryCard />
      )),
  },
});

export default [
  readinessEntityStopWorkBanner,
  readinessEntitySummaryCard,
  readinessEntityRollupCard,
  readinessEntityHistoryCard,
];
