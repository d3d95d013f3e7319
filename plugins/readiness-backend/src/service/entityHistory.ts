import type { LoggerService } from '@backstage/backend-plugin-api';
import { type Entity, getCompoundEntityRef } from '@backstage/catalog-model';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  type CheckRegression,
  currentTierSince,
  type EntityHistory,
} from '@readiness/plugin-readiness-common';
import type { ReadinessStore } from '../database';
import { entityMetadata } from './entityMetadata';
import { deliverNotification } from './notifier';

/** Points and regressions one response carries at most. */
const maxHistoryPoints = 1000;
const maxRegressions = 100;

/**
 * The entity's readable history: its points (the latest 1,000), since when
 * it holds its current tier, and its latest regressions.
 *
 * @internal
 */
export async function readEntityHistory(
  store: Pick<ReadinessStore, 'getHistory' | 'listRegressions'>,
  entityRef: string,
): Promise<EntityHistory> {
  const [rows, regressions] = await Promise.all([
    store.getHistory(entityRef),
    store.listRegressions(entityRef, { limit: maxRegressions }),
  ]);
  const items = rows.slice(-maxHistoryPoints).map(row => ({
    evaluatedAt: row.recordedAt,
    tier: row.tier,
    score: row.score,
    stopWork: row.stopWork,
    risk: row.risk,
  }));
  const current = currentTierSince(
    rows.map(row => ({ evaluatedAt: row.recordedAt, tier: row.tier })),
  );
  return {
    items,
    ...(current ? { currentTier: current } : {}),
    regressions: regressions.map(({ ownerNotified: _, ...rest }) => rest),
  };
}

/**
 * Tells the entity's owner which checks stopped passing, in one message per
 * evaluation. The store already held back checks told within the window.
 *
 * @internal
 */
export async function notifyRegressions(options: {
  notifications?: NotificationService;
  logger: LoggerService;
  entity: Entity;
  entityRef: string;
  regressions: readonly CheckRegression[];
}): Promise<void> {
  const { entity, regressions } = options;
  const owner = entityMetadata(entity).owner;
  if (regressions.length === 0 || !owner) {
    return;
  }
  const { kind, namespace, name } = getCompoundEntityRef(entity);
  const title = entity.metadata.title ?? name;
  await deliverNotification({
    notifications: options.notifications,
    logger: options.logger,
    recipients: [owner],
    payload: {
      title:
        regressions.length === 1
          ? `${title}: ${regressions[0].title} no longer passes`
          : `${title}: ${regressions.length} checks no longer pass`,
      description: regressions
        .map(r => `${r.title}: ${r.summaryAfter} (was: ${r.summaryBefore})`)
        .join('\n'),
      link: `/catalog/${namespace}/${kind.toLocaleLowerCase('en-US')}/${name}`,
      severity: 'high',
      topic: 'readiness-regression',
      scope: `readiness:regression:${options.entityRef}:${regressions[0].detectedAt}`,
    },
    context: {
      entityRef: options.entityRef,
      checks: regressions.map(r => r.checkId).join(', '),
    },
  });
}
