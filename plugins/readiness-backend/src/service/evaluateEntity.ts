import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  evaluateReadiness,
  type ReadinessReport,
} from '@readiness/plugin-readiness-common';
import type { ReadinessStore } from '../database';
import type { ReadinessBackendConfig } from './config';
import { entityMetadata } from './entityMetadata';
import { decideEvaluationWrites } from './evaluationWrites';
import type { StopWorkOrders } from './StopWorkOrders';

/**
 * Evaluates the entity's stored evidence, attestations and waivers, saves
 * the report (with its history point and the automatic order's transition)
 * and announces an order that began or was lifted.
 *
 * @internal
 */
export async function evaluateEntity(
  options: {
    store: ReadinessStore;
    config: ReadinessBackendConfig;
    stopWork: Pick<StopWorkOrders, 'getOpenManual' | 'announce'>;
    now: Date;
  },
  entity: Entity,
): Promise<ReadinessReport> {
  const { store, config, stopWork, now: at } = options;
  const entityRef = stringifyEntityRef(entity);
  const [evidence, attestations, waivers, previous, manual] = await Promise.all(
    [
      store.listEvidence(entityRef),
      store.listAttestations(entityRef),
      store.listWaivers(entityRef),
      store.getReport(entityRef),
      stopWork.getOpenManual(entityRef),
    ],
  );
  const metadata = entityMetadata(entity);
  const report = evaluateReadiness({
    entityRef,
    // The reason a collection failed explains why kept evidence is stale.
    evidence: evidence.map(({ staleReason, ...item }) =>
      staleReason && item.error === undefined
        ? { ...item, error: staleReason }
        : item,
    ),
    attestations,
    waivers,
    config: config.engine,
    previousStopWork: previous?.stopWork,
    manualStopWork: manual && {
      issuedBy: manual.issuedBy ?? 'unknown',
      issuedAt: manual.beganAt,
      reason: manual.reason ?? '',
    },
    lifecycle: metadata.lifecycle,
    now: at.toISOString(),
  });
  const change = await store.saveEvaluation({
    entity: metadata,
    report,
    now: at,
    decide: decideEvaluationWrites(report),
  });
  await stopWork.announce(entity, report, change);
  return report;
}
