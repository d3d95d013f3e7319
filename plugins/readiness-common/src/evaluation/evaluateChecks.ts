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
import { isWaiverInForce, waiverCoversFinding } from './waivers';
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
  VulnerabilityFinding,
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
): Map<Evidence['key'], Evidence> {
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
  const latest = new Map<Evidence['key'], Evidence>();
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

/** A failing result under an approved waiver (and others it relies on). */
function waived(
  result: CheckResult,
  waiver: Waiver,
  others: Waiver[] = [],
): CheckResult {
  return {
    ...result,
    status: 'waived',
    summary: `${result.summary} (waived by ${waiver.decidedBy ?? waiver.createdBy} until ${day(waiver.expiresAt)})`,
    details: [
      ...[waiver, ...others].map(
        w =>
          `waiver: ${w.reason} (risk owner ${w.owner}, expires ${w.expiresAt}${
            w.advisories ? `, covers ${w.advisories.join(', ')}` : ''
          })`,
      ),
      ...result.details,
    ],
    waiver,
  };
}

/**
 * Evaluates every enabled check, then applies approved, current waivers to
 * failing ones. Pure: `now` is the only notion of time.
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
  const evaluateRule = (
    check: ResolvedCheck,
    read: Set<EvidenceKey>,
  ): CheckOutcome => {
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
      evidence: key => {
        read.add(key as EvidenceKey);
        return lookup(key as EvidenceKey);
      },
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
          : evaluateRule(check, read);
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
      const inForce = (options.waivers ?? []).filter(
        w => w.checkId === check.id && isWaiverInForce(w, nowMs),
      );
      const waiver = latestExpiring(inForce.filter(w => !w.advisories));
      if (waiver) {
        return waived(result, waiver);
      }
      return check.id === 'security.vulnerabilities'
        ? waiveFindings(result, context, inForce)
        : result;
    });

  /**
   * Finding-level waivers: the check is evaluated again without the
   * vulnerabilities they cover. Waived only when nothing is left; failing
   * (naming what is left) or unknown otherwise, never pass.
   */
  function waiveFindings(
    result: CheckResult,
    context: CheckContext,
    scoped: Waiver[],
  ): CheckResult {
    const scan = lookup('vulnerabilities');
    if (scan.usable === false || scoped.length === 0) {
      return result;
    }
    const coverOf = (f: VulnerabilityFinding) =>
      scoped.find(w =>
        waiverCoversFinding(w, {
          id: f.advisoryId,
          aliases: f.aliases,
          package: f.packageName,
        }),
      );
    const covered = scan.value.findings.filter(f => coverOf(f));
    if (covered.length === 0) {
      return result;
    }
    const remaining: EvidenceLookup<'vulnerabilities'> = {
      ...scan,
      value: {
        ...scan.value,
        findings: scan.value.findings.filter(f => !coverOf(f)),
      },
    };
    const rest = checkEvaluators['security.vulnerabilities']({
      ...context,
      evidence: (<K extends EvidenceKey>(key: K) =>
        key === 'vulnerabilities'
          ? remaining
          : lookup(key)) as CheckContext['evidence'],
    });
    const used = [...new Set(covered.map(f => coverOf(f)!))];
    const waivedIds = [...new Set(covered.map(f => f.advisoryId))];
    if (rest.status === 'pass') {
      // The soonest expiry: when it passes, the check fails again.
      const first = [...used].sort(
        (a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt),
      )[0];
      return waived(result, first, used.slice(1));
    }
    return {
      ...result,
      ...rest,
      details: [
        ...rest.details,
        `waived: ${waivedIds.join(', ')} (${used.map(w => `waiver ${w.id} until ${day(w.expiresAt)}`).join('; ')})`,
      ],
    };
  }

  return { checks, stale };
}
