import type {
  Attestation,
  AttestationKind,
  CheckResult,
  DependencyHealthSignal,
  EvidenceKey,
  EvidenceLink,
  EvidenceOf,
  EvidenceValues,
  LicensePolicy,
  ResolvedCheck,
} from '../../types';
import { isHttpUrl } from '../../links';

/**
 * The usable value of one evidence key, or why it cannot be used.
 *
 * @internal
 */
export type EvidenceLookup<K extends EvidenceKey> =
  | { usable: true; evidence: EvidenceOf<K>; value: EvidenceValues[K] }
  | { usable: false; reason: string; evidence?: EvidenceOf<K> };

/**
 * What an evaluator may read. Evidence and attestations are pre-selected for
 * `now`, so evaluators stay free of time and selection rules.
 *
 * @internal
 */
export interface CheckContext {
  check: ResolvedCheck;
  /** Epoch milliseconds of the evaluation time. */
  nowMs: number;
  /** Registry signals `security.audit` needs checked to pass. */
  requiredHealthSignals: readonly DependencyHealthSignal[];
  /** What `compliance.licenses` allows (`readiness.licenses`). */
  licensePolicy: LicensePolicy;
  evidence<K extends EvidenceKey>(key: K): EvidenceLookup<K>;
  /** The current attestation of a kind with the latest expiry, if any. */
  currentAttestation(kind: AttestationKind): Attestation | undefined;
  /** The most recently expired attestation of a kind, if any. */
  expiredAttestation(kind: AttestationKind): Attestation | undefined;
}

/**
 * What an evaluator decides; waivers are applied afterwards.
 *
 * @internal
 */
export type CheckOutcome = Pick<
  CheckResult,
  'summary' | 'details' | 'evidenceLinks' | 'credit' | 'counters' | 'actions'
> & { status: 'pass' | 'fail' | 'unknown' };

/**
 * The rule of one check.
 *
 * @internal
 */
export type CheckEvaluator = (context: CheckContext) => CheckOutcome;

const evidenceLabels: Record<EvidenceKey, string> = {
  build: 'build',
  tests: 'test',
  coverage: 'coverage',
  vulnerabilities: 'vulnerability scan',
  'dependency-health': 'dependency-health',
  pipeline: 'pipeline',
  'repository-files': 'repository files',
  'todo-markers': 'TODO marker',
  catalog: 'catalog',
  benchmark: 'benchmark',
  'load-test': 'load-test',
  'dr-drill': 'disaster-recovery drill',
  deployments: 'deployment',
  incidents: 'incident',
  slo: 'service-level objective',
  licenses: 'license',
};

/**
 * Human name of an evidence key, as used in messages; a namespaced key
 * (`acme.slo`) is its own name.
 *
 * @internal
 */
export function evidenceLabel(key: string): string {
  return isBuiltInEvidenceKey(key) ? evidenceLabels[key] : key;
}

/**
 * Whether a key is one of the engine's own evidence keys (never namespaced).
 *
 * @internal
 */
export function isBuiltInEvidenceKey(key: string): key is EvidenceKey {
  return Object.prototype.hasOwnProperty.call(evidenceLabels, key);
}

/**
 * Safe links only; duplicates removed.
 *
 * @internal
 */
export function links(
  ...candidates: Array<EvidenceLink | undefined>
): EvidenceLink[] {
  const seen = new Set<string>();
  const result: EvidenceLink[] = [];
  for (const link of candidates) {
    if (link && isHttpUrl(link.url) && !seen.has(link.url)) {
      seen.add(link.url);
      result.push(link);
    }
  }
  return result;
}

/**
 * The link of an evidence item, titled by its key and source.
 *
 * @internal
 */
export function evidenceLinkOf(evidence?: {
  key: string;
  source: string;
  link?: string;
}): EvidenceLink | undefined {
  if (!evidence?.link) {
    return undefined;
  }
  return {
    title: `${evidenceLabel(evidence.key)} evidence (${evidence.source})`,
    url: evidence.link,
  };
}

/**
 * The attestation link, titled.
 *
 * @internal
 */
export function attestationLinkOf(
  attestation?: Attestation,
): EvidenceLink | undefined {
  return attestation
    ? {
        title: `${attestation.kind} attestation by ${attestation.attestedBy}`,
        url: attestation.evidenceLink,
      }
    : undefined;
}

/**
 * The date part of an ISO timestamp, for one-line messages.
 *
 * @internal
 */
export function day(iso: string): string {
  return iso.slice(0, 10);
}

/**
 * An `unknown` outcome: no credit, and the only action is to collect evidence.
 *
 * @internal
 */
export function unknownOutcome(
  summary: string,
  extra: Partial<CheckOutcome> = {},
): CheckOutcome {
  return {
    status: 'unknown',
    summary,
    details: [],
    evidenceLinks: [],
    credit: 0,
    actions: [],
    ...extra,
  };
}

/**
 * A passed check with full credit: the counterpart of {@link unknownOutcome}.
 *
 * @internal
 */
export function passOutcome(
  summary: string,
  extra: Partial<CheckOutcome> = {},
): CheckOutcome {
  return {
    status: 'pass',
    summary,
    details: [],
    evidenceLinks: [],
    credit: 1,
    actions: [],
    ...extra,
  };
}

/**
 * `count` followed by the singular or plural noun.
 *
 * @internal
 */
export function plural(count: number, singular: string, pluralForm?: string) {
  return `${count} ${count === 1 ? singular : (pluralForm ?? `${singular}s`)}`;
}

/**
 * Pass outcome when a current attestation of `kind` exists.
 *
 * @internal
 */
export function attestedOutcome(
  attestation: Attestation,
  details: string[] = [],
  extra: EvidenceLink[] = [],
): CheckOutcome {
  return passOutcome(
    `${attestation.kind} attested by ${attestation.attestedBy} until ${day(attestation.expiresAt)}`,
    {
      details: [attestation.summary, ...details],
      evidenceLinks: links(attestationLinkOf(attestation), ...extra),
    },
  );
}
