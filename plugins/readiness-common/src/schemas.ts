import { z } from 'zod';
import { checkIds } from './checks/defaultChecks';
import { isHttpUrl, maxLinkLength } from './links';
import type {
  AttestationCreateRequest,
  CheckId,
  DistributionTrendQuery,
  Evidence,
  EvidenceKey,
  GateQuery,
  PushableEvidenceKey,
  PushedEvidenceItem,
  RollupsQuery,
  StopWorkRequest,
  SummariesByRefsRequest,
  SummariesQuery,
  Tier,
  WaiverCreateRequest,
} from './types';

// Bounds keep stored rows and rendered pages small whatever a client sends.
const maxNameLength = 256;
const maxTextLength = 2000;
const maxReasonLength = 1000;
const maxListLength = 10_000;

const name = z.string().min(1).max(maxNameLength);
const text = z.string().max(maxTextLength);
const count = z.number().int().nonnegative();
const nameList = z.array(name).max(100);
const percent = z.number().min(0).max(100);

/**
 * A tier name.
 *
 * @public
 */
export const tierSchema = z.enum(['mvs', 'production', 'enterprise']);

/**
 * A check severity.
 *
 * @public
 */
export const checkSeveritySchema = z.enum(['blocker', 'major', 'minor']);

/**
 * The id of a built-in check.
 *
 * @public
 */
export const checkIdSchema = z.enum(checkIds as [CheckId, ...CheckId[]], {
  error: 'unknown check id',
});

/**
 * An ISO 8601 datetime with `Z` or an offset.
 *
 * @public
 */
export const isoDateTimeSchema = z.iso.datetime({ offset: true });

/**
 * An absolute http(s) URL of bounded length. Anything else, such as
 * `javascript:` links, is rejected.
 *
 * @public
 */
export const httpUrlSchema = z
  .string()
  .max(maxLinkLength)
  .refine(isHttpUrl, { error: 'must be an http(s) URL' });

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
  link: httpUrlSchema,
  lockfile: name.optional(),
});

const targetResultSchema = z.object({
  met: z.boolean(),
  name: name.optional(),
  value: z.number().optional(),
  target: z.number().optional(),
  unit: name.optional(),
});

/**
 * The value schema of each evidence key.
 *
 * @public
 */
export const evidenceValueSchemas = {
  build: z.object({
    succeeded: z.boolean(),
    compilationErrors: count,
    branch: name.optional(),
    compilationErrorsAtLeast: z.boolean().optional(),
    errorGroups: z
      .array(z.object({ code: name.optional(), message: text, count }))
      .max(100)
      .optional(),
    warnings: count.optional(),
    tools: nameList.optional(),
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
  }),
  'dependency-health': z.object({
    findings: z
      .array(
        z.object({
          ecosystem: name,
          packageName: name,
          version: name,
          kind: z.enum(['unmaintained', 'deprecated', 'yanked']),
          advisoryId: name.optional(),
          summary: text,
          link: httpUrlSchema.optional(),
          lockfile: name.optional(),
        }),
      )
      .max(maxListLength),
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
    readmeBytes: count.optional(),
    readmeSections: nameList.optional(),
    testFiles: count.optional(),
  }),
  'todo-markers': z.object({ count }),
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
  }),
  benchmark: targetResultSchema,
  'load-test': targetResultSchema,
  'dr-drill': z.object({ succeeded: z.boolean() }),
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
];

const unknownKeyMessage = (keys: readonly string[]) => ({
  error: `unknown evidence key; expected one of ${keys.join(', ')}`,
});

/**
 * A complete evidence item, as stored by the backend or produced by the CLI.
 * Either `value` or `error` must be present.
 *
 * @public
 */
export const evidenceSchema: z.ZodType<Evidence> = z
  .discriminatedUnion(
    'key',
    evidenceKeys.map(key =>
      z.object({
        key: z.literal(key),
        source: name,
        value: evidenceValueSchemas[key].optional(),
        observedAt: isoDateTimeSchema,
        staleAfter: isoDateTimeSchema,
        link: httpUrlSchema.optional(),
        error: text.optional(),
      }),
    ) as unknown as [z.ZodObject, ...z.ZodObject[]],
    unknownKeyMessage(evidenceKeys),
  )
  .refine(e => e.value !== undefined || e.error !== undefined, {
    error: 'either value or error is required',
    path: ['value'],
  }) as unknown as z.ZodType<Evidence>;

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
 * Most evidence items accepted in one push.
 *
 * @public
 */
export const maxPushedEvidenceItems = 100;

/**
 * Body of `POST .../evidence`: one item or a non-empty array of items.
 * Parsing always yields an array.
 *
 * @public
 */
export const evidencePushRequestSchema: z.ZodType<
  PushedEvidenceItem[],
  unknown
> = z
  .union(
    [
      pushedEvidenceSchema,
      z.array(pushedEvidenceSchema).min(1).max(maxPushedEvidenceItems),
    ],
    { error: 'expected an evidence item or an array of evidence items' },
  )
  .transform(body => (Array.isArray(body) ? body : [body]));

/**
 * Body of `POST .../attestations`.
 *
 * @public
 */
export const attestationCreateRequestSchema: z.ZodType<AttestationCreateRequest> =
  z.object({
    kind: z.enum([
      'compliance',
      'disaster-recovery',
      'certification',
      'security-audit',
      'on-call',
    ]),
    summary: z.string().trim().min(1).max(maxTextLength),
    evidenceLink: httpUrlSchema,
    expiresAt: isoDateTimeSchema,
  });

/**
 * Body of `POST .../waivers`. The backend still checks `expiresAt` is in the future.
 *
 * @public
 */
export const waiverCreateRequestSchema: z.ZodType<WaiverCreateRequest> =
  z.object({
    checkId: checkIdSchema,
    reason: z.string().trim().min(1).max(maxReasonLength),
    owner: z.string().trim().min(1).max(maxNameLength),
    expiresAt: isoDateTimeSchema,
  });

/**
 * Body of `POST` and `DELETE .../stop-work`: a reason is required.
 *
 * @public
 */
export const stopWorkRequestSchema: z.ZodType<StopWorkRequest> = z.object({
  reason: z.string().trim().min(1).max(maxReasonLength),
});

const queryString = z.string().max(maxNameLength).optional();
const booleanQuery = z
  .enum(['true', 'false'])
  .transform(v => v === 'true')
  .optional();

/**
 * Most entity refs in one `POST /v1/summaries/by-refs`: a catalog table page
 * or two.
 *
 * @public
 */
export const maxSummariesByRefs = 1000;

/**
 * Body of `POST /v1/summaries/by-refs`.
 *
 * @public
 */
export const summariesByRefsRequestSchema: z.ZodType<SummariesByRefsRequest> =
  z.object({
    entityRefs: z
      .array(
        z
          .string()
          .min(1)
          .max(maxNameLength * 2),
      )
      .max(maxSummariesByRefs),
  });

/**
 * Query of `GET /v1/distribution/trend`; `days` defaults to 90, at most 366.
 *
 * @public
 */
export const distributionTrendQuerySchema: z.ZodType<
  DistributionTrendQuery,
  unknown
> = z.object({
  days: z.coerce.number().int().min(1).max(366).default(90),
});

/**
 * Query of `GET /v1/rollups`.
 *
 * @public
 */
export const rollupsQuerySchema: z.ZodType<RollupsQuery, unknown> = z.object({
  by: z.enum(['owner', 'system']),
});

/**
 * Query of `GET /v1/summaries`. Values arrive as strings.
 *
 * @public
 */
export const summariesQuerySchema: z.ZodType<SummariesQuery, unknown> =
  z.object({
    tier: z.enum(['mvs', 'production', 'enterprise', 'none']).optional(),
    stopWork: booleanQuery,
    kind: queryString,
    namespace: queryString,
    owner: queryString,
    system: queryString,
    lifecycle: queryString,
    belowRequiredTier: booleanQuery,
    q: queryString,
    cursor: z.string().max(1024).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    sort: z
      .enum([
        'entityRef',
        '-entityRef',
        'score',
        '-score',
        'tier',
        '-tier',
        'evaluatedAt',
        '-evaluatedAt',
      ])
      .default('entityRef'),
  });

/**
 * Query of `GET .../gate`; `minTier` defaults to `mvs`.
 *
 * @public
 */
export const gateQuerySchema: z.ZodType<GateQuery, unknown> = z.object({
  minTier: tierSchema.default('mvs' satisfies Tier),
});

/**
 * Route parameters naming an entity.
 *
 * @public
 */
export const entityRefParamsSchema = z.object({
  kind: name,
  namespace: name,
  name,
});

/**
 * Formats an issue path unambiguously: identifiers with dots, other keys
 * (such as check ids, which contain dots) in brackets:
 * `checks["quality.coverage"].thresholds.minLinePercent`.
 *
 * @public
 */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let result = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      result += `[${segment}]`;
    } else if (
      typeof segment === 'string' &&
      /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)
    ) {
      result += result ? `.${segment}` : segment;
    } else {
      result += `[${JSON.stringify(String(segment))}]`;
    }
  }
  return result;
}

/**
 * One field path and message per problem.
 *
 * @internal
 */
export interface FieldProblem {
  path: PropertyKey[];
  message: string;
}

/**
 * Flattens zod issues into field problems. Unknown keys become one problem
 * each, at the key's own path; for unions, the branch that got furthest is
 * reported instead of a bare "Invalid input".
 *
 * @internal
 */
export function fieldProblems(
  issues: readonly z.core.$ZodIssue[],
  prefix: PropertyKey[] = [],
): FieldProblem[] {
  return issues.flatMap(issue => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map(key => ({
        path: [...path, key],
        message: 'unknown key',
      }));
    }
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const specific = issue.errors.filter(
        branch =>
          !(
            branch.length === 1 &&
            branch[0].code === 'invalid_type' &&
            branch[0].path.length === 0
          ),
      );
      if (specific.length > 0) {
        return fieldProblems(specific[0], path);
      }
    }
    return [{ path, message: issue.message }];
  });
}

/**
 * A readable message naming every invalid field, for example
 * `expiresAt: Invalid ISO datetime`. Wrap it in an `InputError`.
 *
 * @public
 */
export function formatZodError(error: z.ZodError): string {
  return fieldProblems(error.issues)
    .map(({ path, message }) =>
      path.length ? `${formatIssuePath(path)}: ${message}` : message,
    )
    .join('; ');
}

/**
 * Parses a request body or query, throwing an `Error` with a
 * {@link formatZodError} message on failure. The backend wraps it in
 * `InputError`.
 *
 * @public
 */
export function parseRequest<T>(schema: z.ZodType<T, any>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new Error(formatZodError(result.error));
  }
  return result.data;
}
