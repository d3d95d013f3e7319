/** Schemas of evidence: stored values by key, and what CI may push. */
import { z } from 'zod';
import {
  dependencyHealthSignals,
  type Evidence,
  type EvidenceKey,
  type PushableEvidenceKey,
  type PushedEvidenceItem,
  type SbomPushRequest,
} from '../types';
import {
  count,
  httpUrlSchema,
  isoDateTimeSchema,
  maxListLength,
  maxTextLength,
  name,
  nameList,
  percent,
  text,
} from './primitives';
import {
  dispatchOnEvidenceKey,
  namespacedEvidenceKeySchema,
} from './namespacedEvidence';

const dependencyScopeSchema = z.enum(['prod', 'dev', 'unknown']);

const vulnerabilityFindingSchema = z.object({
  advisoryId: name,
  aliases: nameList,
  ecosystem: name,
  packageName: name,
  version: name,
  severity: z.enum(['critical', 'high', 'medium', 'low', 'unknown']),
  cvssScore: z.number().min(0).max(10).optional(),
  summary: text,
  fixedVersions: nameList,
  nearestFixed: name.optional(),
  link: httpUrlSchema,
  lockfile: name.optional(),
  scope: dependencyScopeSchema.optional(),
});

const advisorySourceSchema = z.object({
  kind: z.enum(['osv-api', 'directory']),
  location: z.string().min(1).max(maxTextLength),
  ecosystems: z
    .array(
      z.object({
        ecosystem: name,
        records: count,
        newestModified: isoDateTimeSchema.optional(),
      }),
    )
    .max(1000)
    .optional(),
  uncovered: nameList,
  newestModified: isoDateTimeSchema.optional(),
  maxAgeDays: z.number().positive().optional(),
});

/**
 * Most packages a vulnerabilities evidence value keeps in its inventory.
 *
 * @public
 */
export const maxInventoryPackages = 20_000;

const inventoryPackageSchema = z.object({
  ecosystem: name,
  name,
  version: name,
  dev: z.boolean().optional(),
  files: nameList,
});

const targetResultSchema = z.object({
  met: z.boolean(),
  name: name.optional(),
  value: z.number().optional(),
  target: z.number().optional(),
  unit: name.optional(),
});

/**
 * Most deployments or incidents in one evidence item: a window of 90 days
 * at ten deployments a day, and pushed bodies stay within the 1 MB limit.
 *
 * @public
 */
export const maxDeliveryEvents = 1000;

/**
 * The value schema of each evidence key.
 *
 * @public
 */
export const evidenceValueSchemas = {
  build: z.object({
    succeeded: z.boolean(),
    compilationErrors: count,
    compilationErrorsAtLeast: z.boolean().optional(),
    errorGroups: z
      .array(z.object({ code: name.optional(), message: text, count }))
      .max(100)
      .optional(),
    warnings: count.optional(),
    tools: nameList.optional(),
    branch: name.optional(),
  }),
  tests: z.object({
    passed: z.boolean(),
    total: count.optional(),
    failed: count.optional(),
  }),
  coverage: z.object({
    linePercent: percent,
    reports: z
      .array(z.object({ file: name, linePercent: percent }))
      .max(100)
      .optional(),
  }),
  vulnerabilities: z.object({
    scannedPackages: count,
    findings: z.array(vulnerabilityFindingSchema).max(maxListLength),
    unreadable: z
      .array(z.object({ file: name, reason: text }))
      .max(maxListLength),
    unpinned: z.array(z.object({ file: name, name })).max(maxListLength),
    advisorySource: advisorySourceSchema.optional(),
    inventory: z
      .array(inventoryPackageSchema)
      .max(maxInventoryPackages)
      .optional(),
    inventoryTruncated: z.boolean().optional(),
  }),
  'dependency-health': z.object({
    findings: z
      .array(
        z.object({
          ecosystem: name,
          packageName: name,
          version: name,
          kind: z.enum(['unmaintained', 'unsound', 'deprecated', 'yanked']),
          advisoryId: name.optional(),
          summary: text,
          link: httpUrlSchema.optional(),
          lockfile: name.optional(),
          scope: dependencyScopeSchema.optional(),
          fixedVersions: nameList.optional(),
          nearestFixed: name.optional(),
        }),
      )
      .max(maxListLength),
    scannedPackages: count.optional(),
    unchecked: z
      .array(
        z.object({
          signal: z.enum(dependencyHealthSignals),
          reason: text,
          packages: count,
        }),
      )
      .max(dependencyHealthSignals.length)
      .optional(),
  }),
  pipeline: z.object({
    exists: z.boolean(),
    latestRunSucceeded: z.boolean().optional(),
    name: name.optional(),
    workflows: nameList.optional(),
  }),
  'repository-files': z.object({
    readme: z.boolean(),
    docs: z.boolean(),
    runbook: z.boolean(),
    securityPolicy: z.boolean(),
    dependencyUpdates: z.boolean(),
    codeowners: z.boolean(),
    license: z.boolean().optional(),
    contributing: z.boolean().optional(),
    readmeBytes: count.optional(),
    readmeSections: nameList.optional(),
    testFiles: count.optional(),
  }),
  'todo-markers': z.object({ count, files: count.optional() }),
  catalog: z.object({
    owner: name.optional(),
    lifecycle: name.optional(),
    system: name.optional(),
    techdocs: z.boolean(),
    monitoring: nameList,
    alerting: nameList,
    onCall: nameList,
    errorTracking: nameList,
    codeQuality: nameList.optional(),
    slo: nameList.optional(),
  }),
  benchmark: targetResultSchema,
  'load-test': targetResultSchema,
  'dr-drill': z.object({ succeeded: z.boolean() }),
  deployments: z.object({
    deployments: z
      .array(
        z.object({
          id: name.optional(),
          deployedAt: isoDateTimeSchema,
          succeeded: z.boolean(),
          changeFailure: z.boolean().optional(),
          committedAt: isoDateTimeSchema.optional(),
          environment: name.optional(),
          sha: name.optional(),
        }),
      )
      .max(maxDeliveryEvents),
  }),
  incidents: z.object({
    incidents: z
      .array(
        z.object({
          id: name.optional(),
          startedAt: isoDateTimeSchema,
          resolvedAt: isoDateTimeSchema.optional(),
          deploymentId: name.optional(),
        }),
      )
      .max(maxDeliveryEvents),
  }),
  slo: z.object({
    objectives: z
      .array(
        z.object({
          name,
          targetPercent: percent,
          link: httpUrlSchema.optional(),
        }),
      )
      .min(1)
      .max(100),
  }),
  licenses: z.object({
    packages: z
      .array(
        z.object({
          ecosystem: name,
          name,
          version: name,
          license: name.optional(),
          source: name.optional(),
        }),
      )
      .max(maxInventoryPackages),
    truncated: z.boolean().optional(),
    unchecked: z
      .array(z.object({ reason: text, packages: count }))
      .max(100)
      .optional(),
  }),
} satisfies Record<EvidenceKey, z.ZodType>;

const evidenceKeys = Object.keys(evidenceValueSchemas) as EvidenceKey[];

/**
 * Evidence keys CI may push.
 *
 * @public
 */
export const pushableEvidenceKeys: readonly PushableEvidenceKey[] = [
  'build',
  'tests',
  'coverage',
  'benchmark',
  'load-test',
  'dr-drill',
  'pipeline',
  'dependency-health',
  'deployments',
  'incidents',
  'slo',
];

const unknownKeyMessage = (keys: readonly string[]) => ({
  error: `unknown evidence key; expected one of ${keys.join(', ')}`,
});

const storedEvidenceFields = {
  source: name,
  observedAt: isoDateTimeSchema,
  staleAfter: isoDateTimeSchema,
  link: httpUrlSchema.optional(),
  error: text.optional(),
  receivedAt: isoDateTimeSchema.optional(),
  pushed: z.boolean().optional(),
};

const builtInEvidenceSchema = z.discriminatedUnion(
  'key',
  evidenceKeys.map(key =>
    z.object({
      key: z.literal(key),
      value: evidenceValueSchemas[key].optional(),
      ...storedEvidenceFields,
    }),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
  unknownKeyMessage(evidenceKeys),
);

// Without its kind's schema (the CLI has none), a registered kind's value is opaque.
const customEvidenceSchema = z.object({
  key: namespacedEvidenceKeySchema,
  value: z.unknown().optional(),
  ...storedEvidenceFields,
});

/**
 * A complete evidence item, as stored by the backend or produced by the CLI.
 * Either `value` or `error` must be present.
 *
 * @public
 */
export const evidenceSchema: z.ZodType<Evidence> = dispatchOnEvidenceKey(
  builtInEvidenceSchema,
  () => customEvidenceSchema,
).refine(
  e => {
    const item = e as { value?: unknown; error?: string };
    return item.value !== undefined || item.error !== undefined;
  },
  { error: 'either value or error is required', path: ['value'] },
) as unknown as z.ZodType<Evidence>;

/**
 * Longest raw build log accepted in a push, in characters: the whole body
 * must stay within the backend's 1 MB JSON limit.
 *
 * @public
 */
export const maxPushedBuildLogChars = 512 * 1024;

/** A build may be pushed as its raw compiler output instead of, or with, a value. */
function pushedItemSchema(key: PushableEvidenceKey) {
  const item = z.object({
    key: z.literal(key),
    value: evidenceValueSchemas[key],
    source: name.optional(),
    runId: name.optional(),
    observedAt: isoDateTimeSchema.optional(),
    staleAfter: isoDateTimeSchema.optional(),
    link: httpUrlSchema.optional(),
  });
  if (key !== 'build') {
    return item;
  }
  return item
    .extend({
      value: evidenceValueSchemas.build.optional(),
      log: z.string().max(maxPushedBuildLogChars).optional(),
    })
    .refine(e => e.value !== undefined || e.log !== undefined, {
      error: 'either value or log is required',
      path: ['value'],
    });
}

/**
 * One evidence item pushed by CI (no `source`; pushable keys only).
 *
 * @public
 */
export const pushedEvidenceSchema: z.ZodType<PushedEvidenceItem> = z.preprocess(
  // A CI security audit (cargo audit, npm audit, ...) reports dependency health.
  item =>
    typeof item === 'object' &&
    item !== null &&
    (item as { key?: unknown }).key === 'security-audit'
      ? { ...item, key: 'dependency-health' }
      : item,
  z.discriminatedUnion(
    'key',
    pushableEvidenceKeys.map(pushedItemSchema) as unknown as [
      z.ZodObject,
      ...z.ZodObject[],
    ],
    unknownKeyMessage([...pushableEvidenceKeys, 'security-audit']),
  ),
) as unknown as z.ZodType<PushedEvidenceItem>;

/**
 * Longest SBOM document accepted in a push, in characters: as large as an
 * SBOM file the repository collector reads (10 MiB).
 *
 * @public
 */
export const maxPushedSbomChars = 10 * 1024 * 1024;

/**
 * Body of `POST .../sbom`: a CycloneDX (JSON or XML) or SPDX 2.x JSON
 * document as text, and how the push is stamped, as for evidence.
 *
 * @public
 */
export const sbomPushRequestSchema: z.ZodType<SbomPushRequest, unknown> =
  z.object({
    document: z.string().min(1).max(maxPushedSbomChars),
    source: name.optional(),
    runId: name.optional(),
    observedAt: isoDateTimeSchema.optional(),
    staleAfter: isoDateTimeSchema.optional(),
    link: httpUrlSchema.optional(),
  });
