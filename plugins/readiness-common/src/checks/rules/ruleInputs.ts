import type { Entity } from '@backstage/catalog-model';
import { isMessage, type Message } from '@bufbuild/protobuf';
import {
  timestampDate,
  timestampFromMs,
  TimestampSchema,
} from '@bufbuild/protobuf/wkt';
import type { Attestation } from '../../types';
import { RuleInputError } from './ruleErrors';

/**
 * The deepest an input value may nest (evidence, the entity) before a rule
 * refuses it, so a hostile pushed body cannot exhaust the stack.
 *
 * @public
 */
export const maxCheckRuleInputDepth = 32;

/**
 * What a rule is evaluated against.
 *
 * @public
 */
export interface CheckRuleInputsOptions {
  /** The catalog entity; rules that read `entity` are unknown without it. */
  entity?: Entity;
  /**
   * Usable evidence values by key (missing, stale or failed evidence left
   * out). A namespaced key `acme.slo` nests as `evidence.acme.slo`.
   */
  evidence: ReadonlyMap<string, unknown>;
  /** Current attestations; the one expiring last counts for its kind. */
  attestations?: readonly Attestation[];
  /** ISO timestamp of the evaluation. */
  now: string;
}

/**
 * What one rule reads of the evidence, so that only that is converted.
 *
 * @public
 */
export interface CheckRuleReads {
  /** Keys (`coverage`, `acme.slo`) or namespaces (`acme`) read by name. */
  evidenceKeys: readonly string[];
  /** Namespaces of namespaced keys read, each bound even without evidence. */
  evidenceNamespaces: readonly string[];
  /** True when the rule reads `evidence` as a whole (iterates it, or a computed key). */
  allEvidence: boolean;
}

/**
 * The inputs of rules for one evaluation, converted on first use and shared
 * by every rule check.
 *
 * @public
 */
export interface CheckRuleInputs {
  /**
   * The CEL bindings (`entity`, `evidence`, `attestations`, `now`) with the
   * evidence a rule reads. Each namespace it reads gets an empty map when
   * it has no evidence, so a rule can guard a namespaced key with
   * `has(evidence.acme.slo)`.
   */
  bindings(reads: CheckRuleReads): Record<string, unknown>;
  /** The input at a path (`['evidence', 'acme', 'slo', 'target']`), for templates. */
  valueAt(path: readonly string[]): unknown;
  /** Evidence keys that could not be given to rules, with why. */
  refused: ReadonlyMap<string, string>;
}

function toRuleValue(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'bigint':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'object':
      break;
    default:
      return null;
  }
  if (value === null) {
    return null;
  }
  if (depth >= maxCheckRuleInputDepth) {
    throw new RuleInputError(
      `nested deeper than ${maxCheckRuleInputDepth} levels`,
    );
  }
  if (Array.isArray(value)) {
    return value.map(item => toRuleValue(item, depth + 1));
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    return null;
  }
  // Maps, not objects: CEL then sees own data only, never a prototype.
  const map = new Map<string, unknown>();
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined && typeof item !== 'function') {
      map.set(key, toRuleValue(item, depth + 1));
    }
  }
  return map;
}

function currentByKind(
  attestations: readonly Attestation[],
): Map<string, unknown> {
  const latest = new Map<string, Attestation>();
  for (const attestation of attestations) {
    const current = latest.get(attestation.kind);
    if (
      !current ||
      Date.parse(attestation.expiresAt) > Date.parse(current.expiresAt)
    ) {
      latest.set(attestation.kind, attestation);
    }
  }
  return new Map(
    [...latest].map(([kind, attestation]) => [
      kind,
      new Map<string, unknown>([
        ['reason', attestation.summary],
        ['attestedBy', attestation.attestedBy],
        ['expiresAt', timestampFromMs(Date.parse(attestation.expiresAt))],
      ]),
    ]),
  );
}

/**
 * Converts the inputs of rules once for an evaluation. Values become maps,
 * lists and scalars (numbers are CEL doubles, as in JSON); `now` and
 * attestation expiries are timestamps. Evidence nested too deeply is
 * refused, and then absent to rules.
 *
 * @public
 */
export function createCheckRuleInputs(
  options: CheckRuleInputsOptions,
): CheckRuleInputs {
  const refused = new Map<string, string>();
  const converted = new Map<string, unknown>();

  // Large evidence (inventories of thousands of packages) is converted only
  // when a rule reads it, once per evaluation.
  function convert(key: string): void {
    if (converted.has(key) || refused.has(key) || !options.evidence.has(key)) {
      return;
    }
    try {
      converted.set(key, toRuleValue(options.evidence.get(key), 1));
    } catch (error) {
      refused.set(key, `${key} evidence is ${(error as Error).message}`);
    }
  }

  /** Usable keys named `name` or under the namespace `name`. */
  function keysOf(name: string): string[] {
    return [...options.evidence.keys()].filter(
      key => key === name || key.startsWith(`${name}.`),
    );
  }

  function evidenceOf(keys: Iterable<string>): Map<string, unknown> {
    const evidence = new Map<string, unknown>();
    for (const key of keys) {
      convert(key);
      if (!converted.has(key)) {
        continue;
      }
      const dot = key.indexOf('.');
      if (dot < 0) {
        evidence.set(key, converted.get(key));
        continue;
      }
      const namespace = key.slice(0, dot);
      let inner = evidence.get(namespace);
      if (!(inner instanceof Map)) {
        inner = new Map<string, unknown>();
        evidence.set(namespace, inner);
      }
      (inner as Map<string, unknown>).set(
        key.slice(dot + 1),
        converted.get(key),
      );
    }
    return evidence;
  }

  let entity: unknown = new Map();
  if (options.entity) {
    try {
      entity = toRuleValue(options.entity, 0);
    } catch {
      // A catalog entity is validated by the catalog; this only guards the stack.
    }
  }
  const attestations = currentByKind(options.attestations ?? []);
  const now = timestampFromMs(Date.parse(options.now));

  function root(evidence: Map<string, unknown>): Map<string, unknown> {
    return new Map<string, unknown>([
      ['entity', entity],
      ['evidence', evidence],
      ['attestations', attestations],
      ['now', now],
    ]);
  }

  return {
    bindings(reads) {
      const evidence = evidenceOf(
        reads.allEvidence
          ? options.evidence.keys()
          : new Set(
              [...reads.evidenceKeys, ...reads.evidenceNamespaces].flatMap(
                keysOf,
              ),
            ),
      );
      for (const namespace of reads.evidenceNamespaces) {
        if (!evidence.has(namespace)) {
          evidence.set(namespace, new Map());
        }
      }
      const bound: Record<string, unknown> = Object.create(null);
      for (const [name, value] of root(evidence)) {
        bound[name] = value;
      }
      return bound;
    },
    valueAt(path) {
      const evidence =
        path[0] === 'evidence' && path.length > 1
          ? evidenceOf(keysOf(path[1]))
          : new Map();
      let value: unknown = root(evidence);
      for (const segment of path) {
        if (value instanceof Map) {
          value = value.get(segment);
        } else if (Array.isArray(value) && /^\d+$/.test(segment)) {
          value = value[Number(segment)];
        } else {
          return undefined;
        }
      }
      if (isMessage(value as Message, TimestampSchema)) {
        return timestampDate(value as never).toISOString();
      }
      return value;
    },
    refused,
  };
}
