import type { Entity } from '@backstage/catalog-model';
import {
  ReadinessConfig,
  requiredTierFor,
  resolveReadinessConfig,
} from '../config';
import type {
  Attestation,
  CheckStatus,
  EntitySummary,
  Evidence,
  EvidenceKey,
  EvidenceOf,
  EvidenceValues,
  ManualStopWork,
  ReadinessReport,
  StopWorkOrder,
  Waiver,
} from '../types';
import { countingChecks } from './counting';
import { evaluateChecks, latestEvidenceByKey } from './evaluateChecks';
import { evaluateTiers, meetsTier } from './evaluateTiers';
import { deriveFindings } from './findings';
import { planRemediation } from './remediation';
import { blockersWithoutProgress, hasNoEvidence } from './reportFacts';
import { assessRisk } from './risk';
import { computeScore } from './score';
import { computeDeliveryMetrics } from './deliveryMetrics';
import { evaluateStopWork } from './stopWork';

/**
 * Inputs of {@link evaluateReadiness}.
 *
 * @public
 */
export interface EvaluateReadinessOptions {
  entityRef: string;
  /**
   * The catalog entity: checks whose `appliesTo` it does not match are left
   * out of the report, and rules read it as `entity`. Without it every
   * enabled check is evaluated.
   */
  entity?: Entity;
  evidence: readonly Evidence[];
  attestations?: readonly Attestation[];
  waivers?: readonly Waiver[];
  /** Parsed overrides (see `parseReadinessConfig`); defaults when absent. */
  config?: ReadinessConfig;
  /** The stop-work order of the previous report. */
  previousStopWork?: StopWorkOrder;
  /** When the previous report's remediation plan started, to keep its time boxes. */
  previousRemediationStartedAt?: string;
  /**
   * The entity's owner (entity ref), who owns the remediation items no
   * dimension is routed elsewhere. Defaults to the owner in catalog evidence.
   */
  owner?: string;
  /**
   * True when the caller notifies owners and dependents of a stop-work order
   * and lists its affected systems (the backend): the immediate phase shows
   * those as done.
   */
  automatedResponse?: boolean;
  /** An open manual stop-work order. */
  manualStopWork?: ManualStopWork;
  /**
   * The entity's lifecycle, to find its required tier. Defaults to the
   * lifecycle in catalog evidence.
   */
  lifecycle?: string;
  /** ISO timestamp of the evaluation; the engine never reads the clock. */
  now: string;
}

function usableValue<K extends 'deployments' | 'incidents'>(
  latest: Map<EvidenceKey, Evidence>,
  key: K,
  now: string,
): EvidenceValues[K] | undefined {
  const item = latest.get(key) as EvidenceOf<K> | undefined;
  return item && !item.error && Date.parse(item.staleAfter) > Date.parse(now)
    ? item.value
    : undefined;
}

function deliveryOf(
  latest: Map<EvidenceKey, Evidence>,
  options: EvaluateReadinessOptions,
): Pick<ReadinessReport, 'delivery'> {
  const deployments = usableValue(latest, 'deployments', options.now);
  const incidents = usableValue(latest, 'incidents', options.now);
  if (!deployments && !incidents) {
    return {};
  }
  return {
    delivery: computeDeliveryMetrics({
      deployments: deployments?.deployments ?? [],
      incidents: incidents?.incidents ?? [],
      now: options.now,
      ...options.config?.delivery,
    }),
  };
}

/**
 * The one evaluation entry point: evidence, attestations and waivers in, the
 * full report out. Pure and deterministic for a given `now`.
 *
 * @public
 */
export function evaluateReadiness(
  options: EvaluateReadinessOptions,
): ReadinessReport {
  const resolved = resolveReadinessConfig(options.config);
  const { checks, stale } = evaluateChecks({
    checks: resolved.checks,
    entity: options.entity,
    evidence: options.evidence,
    attestations: options.attestations,
    waivers: options.waivers,
    now: options.now,
    requiredHealthSignals: resolved.requiredHealthSignals,
    licensePolicy: resolved.licensePolicy,
  });
  const { tiers, tier } = evaluateTiers(checks);

  const latest = latestEvidenceByKey(options.evidence, options.now);
  const catalog = latest.get('catalog');
  const scan = latest.get('vulnerabilities');
  const advisorySource =
    scan?.key === 'vulnerabilities' ? scan.value?.advisorySource : undefined;
  const lifecycle =
    options.lifecycle ??
    (catalog?.key === 'catalog' ? catalog.value?.lifecycle : undefined);
  const requiredTier = requiredTierFor(lifecycle, resolved);
  const stopWork = evaluateStopWork({
    checks,
    previous: options.previousStopWork,
    manual: options.manualStopWork,
    now: options.now,
  });

  return {
    entityRef: options.entityRef,
    evaluatedAt: options.now,
    tier,
    ...(requiredTier
      ? { requiredTier, meetsRequiredTier: meetsTier(tier, requiredTier) }
      : {}),
    tiers,
    checks,
    score: computeScore(checks),
    stopWork: {
      ...stopWork,
      blockersWithoutProgress: blockersWithoutProgress(stopWork, checks),
    },
    risk: assessRisk(checks),
    remediation: planRemediation(checks, {
      stopWork,
      previousStartedAt: options.previousRemediationStartedAt,
      owner:
        options.owner ??
        (catalog?.key === 'catalog' ? catalog.value?.owner : undefined),
      config: resolved.remediation,
      automatedResponse: options.automatedResponse,
      now: options.now,
    }),
    stale,
    noEvidence: hasNoEvidence(checks),
    ...(advisorySource ? { advisorySources: [advisorySource] } : {}),
    findings: deriveFindings(options.evidence, options.now),
    ...deliveryOf(latest, options),
  };
}

/**
 * The small summary row of a report, as served by `GET /v1/summaries` and
 * stored by the backend: the one definition of its counts and score.
 *
 * @public
 */
export function summarizeReport(report: ReadinessReport): EntitySummary {
  const counts: Record<CheckStatus, number> = {
    pass: 0,
    fail: 0,
    unknown: 0,
    waived: 0,
  };
  for (const check of countingChecks(report.checks)) {
    counts[check.status] += 1;
  }
  return {
    entityRef: report.entityRef,
    tier: report.tier,
    // Whole points, as stored and served, whatever the report carries.
    score: Math.round(report.score.overall),
    stopWork: report.stopWork.active,
    risk: report.risk.level,
    counts,
    evaluatedAt: report.evaluatedAt,
    stale: report.stale,
    ...(report.requiredTier
      ? {
          requiredTier: report.requiredTier,
          belowRequiredTier: !report.meetsRequiredTier,
        }
      : {}),
  };
}
