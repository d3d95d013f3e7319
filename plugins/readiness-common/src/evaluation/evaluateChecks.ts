import type { Entity } from '@backstage/catalog-model';
import { checkAppliesTo } from '../checks/appliesTo';
import { isBuiltInCheckId } from '../checks/defaultChecks';
import { checkEvaluators, evidenceLabel } from '../checks/evaluators';
import type {
  CheckContext,
  CheckOutcome,
  EvidenceLookup,
} from '../checks/evaluators';
import { day } from '../checks/evaluators/context';
import { evaluateRuleCheck } from '../checks/rules/ruleCheck';
import {
  createCheckRuleInputs,
  type CheckRuleInputs,
} from '../checks/rules/ruleInputs';
import { dependencyHealthSignals } from '../types';
import type {
  Attestation,
  AttestationKind,
  CheckResult,
  DependencyHealthSignal,
  Evidence,
  EvidenceKey,
  EvidenceOf,
  LicensePolicy,
  ResolvedCheck,
  Waiver,
} from '../types';

/**
 * Inputs of {@link evaluateChecks}.
 *
 * @public
 */
export interface EvaluateChecksOptions {
  /**
   * Resolved checks; disabled ones, and those whose `appliesTo` the entity
   * does not match, are skipped.
   */
  checks: readonly ResolvedCheck[];
  /**
   * The catalog entity, for `appliesTo` and the rules' `entity`. Without
   * it every enabled check is evaluated.
   */
  entity?: Entity;
  evidence: readonly Evidence[];
  attestations?: readonly Attestation[];
  waivers?: readonly Waiver[];
  /** ISO timestamp of the evaluation. */
  now: string;
  /**
   * Registry signals `security.audit` needs checked to pass; all of
   * `dependencyHealthSignals` when absent.
   */
  requiredHealthSignals?: readonly DependencyHealthSignal[];
  /** What `compliance.licenses` allows; no policy (the check is unknown) when absent. */
  licensePolicy?: LicensePolicy;
}

/**
 * Results of {@link evaluateChecks}.
 *
 * @public
 */
export interface EvaluateChecksResult {
  checks: CheckResult[];
  /** True when any evidence a check looked at is stale. */
  stale: boolean;
}

/**
 * The evidence that counts for each key. Usable evidence (no error, not
 * stale at `now`) beats unusable; among usable, a collector's beats a
 * pushed one, so what CI claims never masks what the plugin saw itself;
 * then the latest received wins (`receivedAt`, stamped by the backend's
 * clock; `observedAt` where there is none, as in the CLI). When no source
 * has usable evidence, the latest observation explains why the check is
 * unknown. A failed collection by one source thus never hides fresh
 * evidence from another, and never hides behind older data of its own (the
 * backend marks that stale).
 *
 * @public
 */
export function latestEvidenceByKey(
  evidence: readonly Evidence[],
  now?: string,
): Map<EvidenceKey, Evidence> {
  const nowMs = now === undefined ? undefined : Date.parse(now);
  const usable = (item: Evidence) =>
    item.error === undefined &&
    item.value !== undefined &&
    (nowMs === undefined || Date.parse(item.staleAfter) > nowMs);
  /** Unusable 0, usable pushed 1, usable collected 2. */
  const rank = (item: Evidence) => {
    if (!usable(item)) {
      return 0;
    }
    return item.pushed ? 1 : 2;
  };
  const receivedMs = (item: Evidence) =>
    Date.parse(item.receivedAt ?? item.observedAt);
  const latest = new Map<EvidenceKey, Evidence>();
  for (const item of evidence) {
    const current = latest.get(item.key);
    if (
      !current ||
      rank(item) > rank(current) ||
      (rank(item) === rank(current) && receivedMs(item) >= receivedMs(current))
    ) {
      latest.set(item.key, item);
    }
  }
  return latest;
}

function isCurrent(expiresAt: string, nowMs: number): boolean {
  return Date.parse(expiresAt) > nowMs;
}

function latestExpiring<T extends { expiresAt: string }>(
  items: T[],
): T | undefined {
  return [...items].sort(
    (a, b) => Date.parse(b.expiresAt) - Date.parse(a.expiresAt),
  )[0];
}

/**
 * Evaluates every enabled check, then applies current waivers to failing
 * ones. Pure: `now` is the only notion of time.
 *
 * @public
 */
export function evaluateChecks(
  options: EvaluateChecksOptions,
): EvaluateChecksResult {
  const nowMs = Date.parse(options.now);
  if (Number.isNaN(nowMs)) {
    throw new Error(`Invalid evaluation time: ${options.now}`);
  }
  const latest = latestEvidenceByKey(options.evidence, options.now);
  const attestations = options.attestations ?? [];
  let stale = false;

  function lookup<K extends EvidenceKey>(key: K): EvidenceLookup<K> {
    const label = evidenceLabel(key);
    const evidence = latest.get(key) as EvidenceOf<K> | undefined;
    if (!evidence) {
      return { usable: false, reason: `no ${label} evidence yet` };
    }
    if (Date.parse(evidence.staleAfter) <= nowMs) {
      stale = true;
      return {
        usable: false,
        // A failed collection keeps the last value, stale, with the error.
        reason: `${label} evidence is stale since ${day(evidence.staleAfter)}${
          evidence.error === undefined ? '' : `: ${evidence.error}`
        }`,
        evidence,
      };
    }
    if (evidence.error !== undefined) {
      return {
        usable: false,
        reason: `could not collect ${label} evidence: ${evidence.error}`,
        evidence,
      };
    }
    if (evidence.value === undefined) {
      return {
        usable: false,
        reason: `${label} evidence has no value`,
        evidence,
      };
    }
    return { usable: true, evidence, value: evidence.value };
  }

  const ofKind = (kind: AttestationKind) =>
    attestations.filter(a => a.kind === kind);

  let ruleInputs: CheckRuleInputs | undefined;
  const evaluateRule = (check: ResolvedCheck): CheckOutcome => {
    // Converted once, and only when a rule check is evaluated.
    ruleInputs ??= createCheckRuleInputs({
      entity: options.entity,
      evidence: new Map(
        [...latest.values()].flatMap(item =>
          item.error === undefined &&
          item.value !== undefined &&
          Date.parse(item.staleAfter) > nowMs
            ? [[item.key, item.value] as const]
            : [],
        ),
      ),
      attestations: attestations.filter(a => isCurrent(a.expiresAt, nowMs)),
      now: options.now,
    });
    return evaluateRuleCheck(check, {
      inputs: ruleInputs,
      evidence: key => lookup(key as EvidenceKey),
      hasEntity: options.entity !== undefined,
    });
  };

  const checks = options.checks
    .filter(check => check.enabled && checkAppliesTo(check, options.entity))
    .map((check): CheckResult => {
      const read = new Set<EvidenceKey>();
      const context: CheckContext = {
        check,
        nowMs,
        requiredHealthSignals:
          options.requiredHealthSignals ?? dependencyHealthSignals,
        licensePolicy: options.licensePolicy ?? {
          allow: [],
          deny: [],
          acceptUnknown: false,
        },
        evidence<K extends EvidenceKey>(key: K) {
          read.add(key);
          return lookup(key);
        },
        currentAttestation: kind =>
          latestExpiring(
            ofKind(kind).filter(a => isCurrent(a.expiresAt, nowMs)),
          ),
        expiredAttestation: kind =>
          latestExpiring(
            ofKind(kind).filter(a => !isCurrent(a.expiresAt, nowMs)),
          ),
      };
      const outcome =
        check.rule === undefined && isBuiltInCheckId(check.id)
          ? checkEvaluators[check.id](context)
          : evaluateRule(check);
      const result: CheckResult = {
        id: check.id,
        tier: check.tier,
        dimension: check.dimension,
        severity: check.severity,
        title: check.title,
        ...outcome,
        ...(read.size > 0 ? { evidenceKeys: [...read] } : {}),
        ...(check.effectiveFrom
          ? {
              effectiveFrom: check.effectiveFrom,
              ...(Date.parse(check.effectiveFrom) > nowMs
                ? { upcoming: true }
                : {}),
            }
          : {}),
      };
      if (outcome.status !== 'fail') {
        // Only failures can be waived: unknown must be resolved with evidence.
        return result;
      }
      const waiver = latestExpiring(
        (options.waivers ?? []).filter(
          w => w.checkId === check.id && isCurrent(w.expiresAt, nowMs),
        ),
      );
      if (!waiver) {
        return result;
      }
      return {
        ...result,
        status: 'waived',
        summary: `${outcome.summary} (waived by ${waiver.createdBy} until ${day(waiver.expiresAt)})`,
        details: [
          `waiver: ${waiver.reason} (risk owner ${waiver.owner}, expires ${waiver.expiresAt})`,
          ...outcome.details,
        ],
        waiver,
      };
    });

  return { checks, stale };
}
