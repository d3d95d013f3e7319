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
  EvidenceOf,
  EvidenceValues,
  ManualStopWork,
  ReadinessReport,
  StopWorkOrder,
  Waiver,
} from '../types';
import { type ReadinessPack, seedPack, selectReadinessPack } from '../packs';
import { countingChecks } from './counting';
import { evaluateChecks, latestEvidenceByKey } from './evaluateChecks';
import { evaluateTiers, meetsTier } from './evaluateTiers';
import { deriveFindings } from './findings';
import { markWaivedFindings } from './waivers';
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
  latest: ReadonlyMap<Evidence['key'], Evidence>,
  key: K,
  now: string,
): EvidenceValues[K] | undefined {
  const item = latest.get(key) as EvidenceOf<K> | undefined;
  return item && !item.error && Date.parse(item.staleAfter) > Date.parse(now)
    ? item.value
    : undefined;
}

function deliveryOf(
  latest: ReadonlyMap<Evidence['key'], Evidence>,
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
 * The part of a report that a change of checks moves: checks, tiers, score,
 * the required tier and the stop-work order (without the progress notes the
 * full report adds).
 *
 * @public
 */
export type ReadinessStanding = Pick<
  ReadinessReport,
  | 'entityRef'
  | 'evaluatedAt'
  | 'pack'
  | 'tier'
  | 'requiredTier'
  | 'meetsRequiredTier'
  | 'tiers'
  | 'checks'
  | 'score'
  | 'stale'
> & { stopWork: StopWorkOrder };

/**
 * Resolved configs by config object and pack: a config is not changed once
 * given, and the rule preview evaluates thousands of entities under two.
 */
const resolvedConfigs = new WeakMap<
  ReadinessConfig,
  Map<string, ReturnType<typeof resolveReadinessConfig>>
>();

function resolveOnce(config: ReadinessConfig | undefined, pack: ReadinessPack) {
  if (!config) {
    return resolveReadinessConfig(config, { pack });
  }
  let byPack = resolvedConfigs.get(config);
  if (!byPack) {
    byPack = new Map();
    resolvedConfigs.set(config, byPack);
  }
  let resolved = byPack.get(pack.id);
  if (!resolved) {
    resolved = resolveReadinessConfig(config, { pack });
    byPack.set(pack.id, resolved);
  }
  return resolved;
}

/** The steps every evaluation shares, up to tiers and stop-work. */
function evaluateCore(options: EvaluateReadinessOptions) {
  const pack = selectReadinessPack(options.config?.packs, options.entity);
  const resolved = resolveOnce(options.config, pack);
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
  const standing: ReadinessStanding = {
    entityRef: options.entityRef,
    evaluatedAt: options.now,
    ...(pack.id !== seedPack.id ? { pack: pack.id } : {}),
    tier,
    ...(requiredTier
      ? { requiredTier, meetsRequiredTier: meetsTier(tier, requiredTier) }
      : {}),
    tiers,
    checks,
    score: computeScore(checks),
    stopWork,
    stale,
  };
  return { resolved, latest, catalog, standing };
}

/**
 * {@link evaluateReadiness} up to the entity's standing, for evaluating
 * many entities quickly (the rule preview): the same steps, without the
 * remediation plan, risk register, findings and delivery metrics.
 *
 * @public
 */
export function evaluateStanding(
  options: EvaluateReadinessOptions,
): ReadinessStanding {
  return evaluateCore(options).standing;
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
  const { resolved, latest, catalog, standing } = evaluateCore(options);
  const { checks, stopWork } = standing;
  const scan = latest.get('vulnerabilities');
  const advisorySource =
    scan?.key === 'vulnerabilities' ? scan.value?.advisorySource : undefined;

  return {
    ...standing,
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
    noEvidence: hasNoEvidence(checks),
    ...(advisorySource ? { advisorySources: [advisorySource] } : {}),
    findings: markWaivedFindings(
      deriveFindings(options.evidence, options.now),
      options.waivers ?? [],
      options.now,
    ),
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
