import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  type CheckRegression,
  detectRegressions,
  evaluateReadiness,
  type ReadinessReport,
} from '@readiness/plugin-readiness-common';
import type { ReadinessStore } from '../database';
import type { ReadinessBackendConfig } from './config';
import { entityMetadata } from './entityMetadata';
import type { StopWorkOrders } from './StopWorkOrders';

/**
 * Evaluates the entity's stored evidence, attestations and waivers, and has
 * the report saved with its stop-work orders.
 *
 * @internal
 */
export async function evaluateEntity(
  options: {
    store: ReadinessStore;
    config: ReadinessBackendConfig;
    stopWork: Pick<StopWorkOrders, 'getOpenManual' | 'saveEvaluation'>;
    now: Date;
    /** After the report is saved, with the one it replaced. */
    onEvaluated?: (
      previous: ReadinessReport | undefined,
      report: ReadinessReport,
    ) => Promise<void>;
    /** Checks that stopped passing, recorded and not yet told to the owner. */
    onRegressions?: (
      entity: Entity,
      regressions: CheckRegression[],
    ) => Promise<void>;
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
    // For the checks' appliesTo and the rules' `entity`.
    entity,
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
    previousRemediationStartedAt: previous?.remediation.startedAt,
    owner: metadata.owner,
    // Stop-work orders notify owners and dependents, and the report lists
    // the affected systems.
    automatedResponse: true,
    manualStopWork: manual && {
      issuedBy: manual.issuedBy ?? 'unknown',
      issuedAt: manual.beganAt,
      reason: manual.reason ?? '',
    },
    lifecycle: metadata.lifecycle,
    now: at.toISOString(),
  });
  const saved = await stopWork.saveEvaluation(
    entity,
    report,
    at,
    detectRegressions(previous, report, evidence),
  );
  // An order opened now names its blockers to the owner already.
  const untold = (saved.regressions ?? []).filter(
    regression =>
      !(saved.began && report.stopWork.blockers.includes(regression.checkId)),
  );
  if (untold.length > 0) {
    await options.onRegressions?.(entity, untold);
  }
  await options.onEvaluated?.(previous, report);
  return report;
}
