import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  toError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  isResourcePermission,
  type Permission,
} from '@backstage/plugin-permission-common';
import {
  attestationCreateRequestSchema,
  entityRefParamsSchema,
  evaluateGate,
  evidencePushRequestSchema,
  gateMinTier,
  gateQuerySchema,
  readinessAttestationCreatePermission,
  readinessAttestationDeletePermission,
  readinessEntityRefreshPermission,
  readinessEvidenceCreatePermission,
  readinessStopWorkManagePermission,
  type ReadinessConfig,
  sbomPushRequestSchema,
  type StopWorkOrderListResponse,
  type AffectedEntitiesResponse,
  stopWorkRequestSchema,
} from '@readiness/plugin-readiness-common';
import {
  applyCheckChanges,
  parseCheckChanges,
  readPushedBuildLogs,
} from '@readiness/plugin-readiness-node';
import express, { type Request, type Response } from 'express';
import Router from 'express-promise-router';
import type { CheckPreview } from './CheckPreview';
import type { FollowUp } from './followUp';
import type { ReadinessService } from './ReadinessService';
import { badgePath, createBadgeHandler } from './badge';
import { entityMetadata } from './entityMetadata';
import { idParamsSchema, parseInput } from './parseInput';
import {
  createRateLimiter,
  DEFAULT_PREVIEW_RATE_LIMIT,
  DEFAULT_REFRESH_RATE_LIMIT,
  type RateLimit,
  TooManyRequestsError,
} from './rateLimit';
import type { RollupService } from './RollupService';
import type { SummaryService } from './SummaryService';
import { addSummaryRoutes } from './summaryRoutes';
import { addWaiverRoutes } from './waiverRoutes';

/** Who did it, for the audit log: a user's entity ref or a service's subject. */
export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef) {
    return principal.userEntityRef;
  }
  if (principal.type === 'service' && principal.subject) {
    return principal.subject;
  }
  return principal.type;
}

function requireFuture(iso: string, field: string, now: Date) {
  if (Date.parse(iso) <= now.getTime()) {
    throw new InputError(`${field}: must be in the future`);
  }
}

/**
 * The REST API under /api/readiness. Every route reads credentials, so
 * requests without them are rejected with 401.
 *
 * @internal
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  service: ReadinessService;
  summaries: SummaryService;
  rollups: RollupService;
  /** The tier each lifecycle requires: the gate's default `minTier`. */
  requiredTiers?: ReadinessConfig['requiredTiers'];
  /**
   * When set, serves the badge route without credentials (the plugin also
   * opens it with an auth policy), reading with these service credentials,
   * for these kinds only.
   */
  badges?: {
    credentials: () => Promise<BackstageCredentials>;
    kinds: string[];
  };
  /** Refreshes per caller and window; default 10 a minute. */
  refreshRateLimit?: RateLimit;
  /** What depends on an entity under stop-work, as the caller may see it. */
  affected?: Pick<FollowUp, 'affectedOf'>;
  /** The push body schema with the registered evidence kinds; built-in keys only by default. */
  evidencePushSchema?: typeof evidencePushRequestSchema;
  /**
   * The rule preview over the configured engine config; without it,
   * `POST /v1/checks/preview` is not served.
   */
  checkPreview?: { preview: CheckPreview; engine: ReadinessConfig };
  /** Previews per caller and window; default 6 a minute. */
  previewRateLimit?: RateLimit;
  now?: () => Date;
}): Promise<express.Router> {
  const { httpAuth, permissions, auditor, service, summaries, rollups } =
    options;
  const now = options.now ?? (() => new Date());
  const refreshLimiter = createRateLimiter(
    options.refreshRateLimit ?? DEFAULT_REFRESH_RATE_LIMIT,
    now,
  );
  const previewLimiter = createRateLimiter(
    options.previewRateLimit ?? DEFAULT_PREVIEW_RATE_LIMIT,
    now,
  );
  const router = Router();
  const entityPath = '/v1/entities/:kind/:namespace/:name';
  // An SBOM is larger than any other body: a 10 MiB document, escaped in
  // JSON. Parsed first, so the general parser leaves it alone.
  router.use(`${entityPath}/sbom`, express.json({ limit: '16mb' }));
  router.use(express.json({ limit: '1mb' }));

  /** The one place permissions are decided. */
  async function isAllowed(
    credentials: BackstageCredentials,
    permission: Permission,
    entityRef: string,
  ) {
    const [decision] = await permissions.authorize(
      [
        isResourcePermission(permission)
          ? { permission, resourceRef: entityRef }
          : { permission },
      ],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** A denial is a 403. */
  async function authorize(
    credentials: BackstageCredentials,
    permission: Permission,
    entityRef: string,
  ) {
    if (!(await isAllowed(credentials, permission, entityRef))) {
      throw new NotAllowedError(
        `Missing permission ${permission.name} for ${entityRef}`,
      );
    }
  }

  /**
   * A mutation as one Backstage auditor event (beside the readiness audit
   * log): created before anything is checked, so denied and invalid attempts
   * are audited as failures too.
   */
  function audited(
    eventId: 'evidence' | 'attestation' | 'waiver' | 'stop-work' | 'refresh',
    actionType: string,
    handler: (req: Request, res: Response) => Promise<void>,
  ) {
    return async (req: Request, res: Response) => {
      const { kind, namespace, name, id } = req.params;
      const event = await auditor.createEvent({
        eventId,
        severityLevel: 'medium',
        request: req,
        meta: {
          actionType,
          entityRef: stringifyEntityRef({ kind, namespace, name }),
          ...(id ? { id } : {}),
        },
      });
      try {
        await handler(req, res);
      } catch (error) {
        await event.fail({ error: toError(error) as Error });
        throw error;
      }
      await event.success();
    };
  }

  /** Credentials, the entity as the caller sees it, and, when asked, a permission check. */
  async function resolve(req: Request, permission?: Permission) {
    const credentials = await httpAuth.credentials(req);
    // Parts, not a joined string: a kind or namespace holding ':' or '/'
    // would make the string ambiguous, and parsing it a 500.
    const entity = await service.getEntity(
      parseInput(entityRefParamsSchema, req.params),
      credentials,
    );
    const entityRef = stringifyEntityRef(entity);
    if (permission) {
      await authorize(credentials, permission, entityRef);
    }
    return { credentials, entity, entityRef };
  }

  if (options.badges) {
    router.get(badgePath, createBadgeHandler(service, options.badges));
  }

  addSummaryRoutes(router, { httpAuth, summaries, rollups });

  const { checkPreview } = options;
  if (checkPreview) {
    router.post('/v1/checks/preview', async (req, res) => {
      const credentials = await httpAuth.credentials(req);
      // Counted before the body is read: the whole catalog is evaluated.
      const retryAfter = previewLimiter.take(actorOf(credentials));
      if (retryAfter !== undefined) {
        res.set('Retry-After', String(retryAfter));
        throw new TooManyRequestsError(
          `Too many previews; retry in ${retryAfter} seconds`,
        );
      }
      const proposed = applyCheckChanges(
        checkPreview.engine,
        parseCheckChanges(req.body),
      );
      res.json(
        await checkPreview.preview.preview({
          current: checkPreview.engine,
          proposed,
          credentials,
        }),
      );
    });
  }

  router.get('/v1/collection', async (req, res) => {
    await httpAuth.credentials(req);
    res.json(await service.getProgress());
  });

  router.get(entityPath, async (req, res) => {
    const { entity } = await resolve(req);
    res.json(await service.getReport(entity));
  });

  router.post(
    `${entityPath}/refresh`,
    audited('refresh', 'refresh', async (req, res) => {
      // Counted before the catalog is read: a refused call costs nothing.
      const retryAfter = refreshLimiter.take(
        actorOf(await httpAuth.credentials(req)),
      );
      if (retryAfter !== undefined) {
        res.set('Retry-After', String(retryAfter));
        throw new TooManyRequestsError(
          `Too many refreshes; retry in ${retryAfter} seconds`,
        );
      }
      const { entity } = await resolve(req, readinessEntityRefreshPermission);
      res.json(await service.refresh(entity));
    }),
  );

  router.post(
    `${entityPath}/evidence`,
    audited('evidence', 'push', async (req, res) => {
      const { entity, credentials } = await resolve(
        req,
        readinessEvidenceCreatePermission,
      );
      const items = readPushedBuildLogs(
        parseInput(
          options.evidencePushSchema ?? evidencePushRequestSchema,
          req.body,
        ),
      );
      const report = await service.pushEvidence(
        entity,
        items,
        actorOf(credentials),
      );
      res.status(201).json(report);
    }),
  );

  /** Revoking an attestation: audited, 404 when none is active. */
  function revokeRoute(
    what: 'attestation',
    permission: Permission,
    revoke: (entity: Entity, id: string, actor: string) => Promise<boolean>,
  ) {
    return audited(what, 'revoke', async (req, res) => {
      const { entity, entityRef, credentials } = await resolve(req, permission);
      const { id } = parseInput(idParamsSchema, { id: req.params.id });
      if (!(await revoke(entity, id, actorOf(credentials)))) {
        throw new NotFoundError(`No active ${what} ${id} for ${entityRef}`);
      }
      res.status(204).end();
    });
  }

  router.get(`${entityPath}/attestations`, async (req, res) => {
    const { entity } = await resolve(req);
    res.json({ items: await service.listAttestations(entity) });
  });

  router.post(
    `${entityPath}/attestations`,
    audited('attestation', 'create', async (req, res) => {
      const { entity, credentials } = await resolve(
        req,
        readinessAttestationCreatePermission,
      );
      const request = parseInput(attestationCreateRequestSchema, req.body);
      requireFuture(request.expiresAt, 'expiresAt', now());
      res
        .status(201)
        .json(
          await service.addAttestation(entity, request, actorOf(credentials)),
        );
    }),
  );

  router.delete(
    `${entityPath}/attestations/:id`,
    revokeRoute(
      'attestation',
      readinessAttestationDeletePermission,
      service.revokeAttestation,
    ),
  );

  addWaiverRoutes(router, {
    entityPath,
    waivers: service.waivers,
    resolve,
    isAllowed,
    audited,
    actorOf,
    now,
  });

  router.get(`${entityPath}/stop-work`, async (req, res) => {
    const { entity } = await resolve(req);
    const orders = await service.listStopWorkOrders(entity);
    const body: StopWorkOrderListResponse = {
      // Notification bookkeeping stays internal.
      items: orders.map(
        ({ entityRef: _, beganNotifiedAt, liftedNotifiedAt, ...order }) =>
          order,
      ),
    };
    res.json(body);
  });

  router.get(`${entityPath}/stop-work/affected`, async (req, res) => {
    const { entity, credentials } = await resolve(req);
    const body: AffectedEntitiesResponse = options.affected
      ? await options.affected.affectedOf(entity, credentials)
      : { items: [], truncated: false };
    res.json(body);
  });

  router.post(
    `${entityPath}/stop-work`,
    audited('stop-work', 'issue', async (req, res) => {
      const { entity, credentials } = await resolve(
        req,
        readinessStopWorkManagePermission,
      );
      const { reason } = parseInput(stopWorkRequestSchema, req.body);
      res
        .status(201)
        .json(
          await service.issueStopWork(entity, reason, actorOf(credentials)),
        );
    }),
  );

  router.delete(
    `${entityPath}/stop-work`,
    audited('stop-work', 'lift', async (req, res) => {
      const { entity, entityRef, credentials } = await resolve(
        req,
        readinessStopWorkManagePermission,
      );
      const { reason } = parseInput(stopWorkRequestSchema, req.body);
      const report = await service.liftStopWork(
        entity,
        reason,
        actorOf(credentials),
      );
      if (!report) {
        throw new NotFoundError(
          `No manual stop-work order is open for ${entityRef}`,
        );
      }
      res.json(report);
    }),
  );

  router.get(`${entityPath}/sbom`, async (req, res) => {
    const { entity } = await resolve(req);
    res
      .type('application/vnd.cyclonedx+json; version=1.6')
      .send(JSON.stringify(await service.getSbom(entity)));
  });

  router.post(
    `${entityPath}/sbom`,
    audited('evidence', 'push-sbom', async (req, res) => {
      const { entity, credentials } = await resolve(
        req,
        readinessEvidenceCreatePermission,
      );
      const report = await service.pushSbom(
        entity,
        parseInput(sbomPushRequestSchema, req.body),
        actorOf(credentials),
      );
      res.status(201).json(report);
    }),
  );

  router.get(`${entityPath}/history`, async (req, res) => {
    const { entity } = await resolve(req);
    res.json(await service.getHistory(entity));
  });

  router.get(`${entityPath}/rollup`, async (req, res) => {
    const { entity, credentials } = await resolve(req);
    const readable = await summaries.readableEntityRefs(credentials);
    res.json(await rollups.getEntityRollup(entity, credentials, readable));
  });

  router.get(`${entityPath}/gate`, async (req, res) => {
    const { entity } = await resolve(req);
    const query = parseInput(gateQuerySchema, req.query);
    const minTier = gateMinTier({
      minTier: query.minTier,
      lifecycle: entityMetadata(entity).lifecycle,
      config: { requiredTiers: options.requiredTiers },
    });
    res.json(evaluateGate(await service.getReport(entity), minTier));
  });

  return router;
}
