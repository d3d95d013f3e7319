import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  type CheckRegression,
  detectRegressions,
  type EvaluateReadinessOptions,
  evaluateReadiness,
  evaluateStanding,
  type ReadinessReport,
  type ReadinessStanding,
} from '@readiness/plugin-readiness-common';
import type { ReadinessStore, StoredEvaluationInputs } from '../database';
import type { ReadinessBackendConfig } from './config';
import { entityMetadata } from './entityMetadata';
import { evidenceDetailKeys } from './evidenceDetailKeys';
import type { StopWorkOrders } from './StopWorkOrders';

/**
 * The engine's options for what is stored about an entity: the one way the
 * backend turns stored inputs into an evaluation, shared by saved reports
 * and the rule preview (which stores nothing).
 */
function storedEvaluationOptions(options: {
  entity: Entity;
  inputs: StoredEvaluationInputs;
  engine: ReadinessBackendConfig['engine'];
  previous?: ReadinessReport;
  now: Date;
}): EvaluateReadinessOptions {
  const { entity, inputs, previous } = options;
  const manual = inputs.manualStopWork;
  const metadata = entityMetadata(entity);
  return {
    entityRef: stringifyEntityRef(entity),
    // appliesTo and the rules' `entity` read the catalog entity.
    entity,
    // The reason a collection failed explains why kept evidence is stale.
    evidence: inputs.evidence.map(({ staleReason, ...item }) =>
      staleReason && item.error === undefined
        ? { ...item, error: staleReason }
        : item,
    ),
    attestations: inputs.attestations,
    waivers: inputs.waivers,
    config: options.engine,
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
    now: options.now.toISOString(),
  };
}

/**
 * The full report of what is stored about an entity.
 *
 * @internal
 */
export function evaluateStoredInputs(
  options: Parameters<typeof storedEvaluationOptions>[0],
): ReadinessReport {
  return evaluateReadiness(storedEvaluationOptions(options));
}

/**
 * The standing (tier, stop-work, checks, score) of what is stored about an
 * entity, without the rest of the report: what the rule preview compares.
 *
 * @internal
 */
export function evaluateStoredStanding(
  options: Parameters<typeof storedEvaluationOptions>[0],
): ReadinessStanding {
  return evaluateStanding(storedEvaluationOptions(options));
}

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
      // Without the bulky parts no check of this config reads.
      store.listEvidence(entityRef, {
        detailKeys: evidenceDetailKeys(config.engine),
      }),
      store.listAttestations(entityRef),
      store.listWaivers(entityRef),
      store.getReport(entityRef),
      stopWork.getOpenManual(entityRef),
    ],
  );
  const report = evaluateStoredInputs({
    entity,
    inputs: { evidence, attestations, waivers, manualStopWork: manual },
    engine: config.engine,
    previous,
    now: at,
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
