/** Schemas of the REST API's request bodies, queries and route parameters. */
import { z } from 'zod';
import {
  readinessTiers,
  type AttestationCreateRequest,
  type AttestationKind,
  type DistributionTrendQuery,
  type GateQuery,
  type RollupsQuery,
  type StopWorkRequest,
  type SummariesByRefsRequest,
  type SummariesQuery,
  type WaiverCreateRequest,
  type WaiverDecisionRequest,
  type WaiverListQuery,
  type WaiverState,
  waiverStates,
} from '../types';
import {
  advisoryIdSchema,
  checkIdSchema,
  httpUrlSchema,
  isoDateTimeSchema,
  maxNameLength,
  maxReasonLength,
  maxTextLength,
  name,
  tierSchema,
} from './primitives';

const builtInAttestationKinds = [
  'compliance',
  'disaster-recovery',
  'certification',
  'security-audit',
  'on-call',
] as const;

// Kebab-case segments joined by dots, as custom check ids: `osps.ac-l1`.
const namespacedKindPattern =
  /^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)+$/;

/**
 * An attestation kind: a built-in one, or a namespaced one (`osps.ac-l1`)
 * that pack and custom check rules read.
 *
 * @public
 */
export const attestationKindSchema: z.ZodType<AttestationKind> = z
  .string()
  .max(maxNameLength)
  .refine(
    kind =>
      (builtInAttestationKinds as readonly string[]).includes(kind) ||
      namespacedKindPattern.test(kind),
    {
      error: `expected one of ${builtInAttestationKinds.join(
        ', ',
      )}, or a namespaced kind such as osps.ac-l1`,
    },
  ) as z.ZodType<AttestationKind>;

/**
 * Body of `POST .../attestations`.
 *
 * @public
 */
export const attestationCreateRequestSchema: z.ZodType<AttestationCreateRequest> =
  z.object({
    kind: attestationKindSchema,
    summary: z.string().trim().min(1).max(maxTextLength),
    evidenceLink: httpUrlSchema,
    expiresAt: isoDateTimeSchema,
  });

/**
 * Body of `POST .../waivers`. The backend still checks `expiresAt` is in the future.
 *
 * @public
 */
export const waiverCreateRequestSchema: z.ZodType<WaiverCreateRequest> = z
  .object({
    checkId: checkIdSchema,
    reason: z.string().trim().min(1).max(maxReasonLength),
    owner: z.string().trim().min(1).max(maxNameLength),
    expiresAt: isoDateTimeSchema,
    advisories: z.array(advisoryIdSchema).min(1).max(100).optional(),
    package: z.string().trim().min(1).max(maxNameLength).optional(),
  })
  .superRefine((request, ctx) => {
    // Findings are only matched for vulnerabilities; elsewhere the scope
    // would be silently ignored and the whole check waived.
    if (request.advisories && request.checkId !== 'security.vulnerabilities') {
      ctx.addIssue({
        code: 'custom',
        path: ['advisories'],
        message: 'only security.vulnerabilities waivers can name advisories',
      });
    }
    if (request.package !== undefined && !request.advisories) {
      ctx.addIssue({
        code: 'custom',
        path: ['package'],
        message: 'needs advisories',
      });
    }
  });

/**
 * Body of `POST .../waivers/:id/approve`, `/deny` and `/revoke`.
 *
 * @public
 */
export const waiverDecisionRequestSchema: z.ZodType<WaiverDecisionRequest> =
  z.object({
    reason: z.string().trim().min(1).max(maxReasonLength).optional(),
  });

/**
 * Query of `GET .../waivers`: `state=pending` or `state=pending,approved`.
 *
 * @public
 */
export const waiverListQuerySchema: z.ZodType<WaiverListQuery, unknown> =
  z.object({
    state: z
      .string()
      .max(100)
      .transform(value => value.split(','))
      .pipe(z.array(z.enum(waiverStates as [WaiverState, ...WaiverState[]])))
      .optional(),
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
  owner: queryString,
  system: queryString,
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
    tier: z.enum([...readinessTiers, 'none']).optional(),
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
 * Query of `GET .../gate`; without `minTier` the gate requires the tier of
 * the entity's lifecycle (see `gateMinTier`).
 *
 * @public
 */
export const gateQuerySchema: z.ZodType<GateQuery, unknown> = z.object({
  minTier: tierSchema.optional(),
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
