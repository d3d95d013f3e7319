import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
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
  type DistributionResponse,
  distributionTrendQuerySchema,
  entityRefParamsSchema,
  evaluateGate,
  evidencePushRequestSchema,
  gateQuerySchema,
  type HistoryEntry,
  readinessAttestationCreatePermission,
  readinessAttestationDeletePermission,
  readinessEntityRefreshPermission,
  readinessEvidenceCreatePermission,
  readinessStopWorkManagePermission,
  readinessWaiverCreatePermission,
  readinessWaiverDeletePermission,
  rollupsQuerySchema,
  type StopWorkOrderListResponse,
  stopWorkRequestSchema,
  summariesByRefsRequestSchema,
  summariesQuerySchema,
  waiverCreateRequestSchema,
} from '@readiness/plugin-readiness-common';
import express, { type Request, type Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { ReadinessStore } from '../database';
import type { ReadinessService } from './ReadinessService';
import { badgePath, renderBadge } from './badge';
import { parseInput } from './parseInput';
import { readPushedBuildLogs } from './pushedBuildLogs';
import { listSummaries, readableEntityRefs } from './summaries';
import type { RollupService } from './RollupService';

const idParamsSchema = z.object({ id: z.string().min(1).max(200) });

/** Who did it, for the audit log: a user's entity ref or a service's subject. */
function actorOf(credentials: BackstageCredentials): string {
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
  rollups: RollupService;
  store: ReadinessStore;
  /**
   * When set, serves the badge route without credentials (the plugin also
   * opens it with an auth policy), reading with these service credentials.
   */
  badges?: { credentials: () => Promise<BackstageCredentials> };
  now?: () => Date;
}): Promise<express.Router> {
  const { httpAuth, permissions, auditor, service, rollups, store } = options;
  const now = options.now ?? (() => new Date());
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  /** The one place permissions are checked; a denial is a 403. */
  async function authorize(
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
    if (decision.result !== AuthorizeResult.ALLOW) {
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

  const entityPath = '/v1/entities/:kind/:namespace/:name';

  const { badges } = options;
  if (badges) {
    // Unauthenticated: reads only the stored report (never evaluates) and
    // shows only the tier and the stop-work state.
    router.get(badgePath, async (req, res) => {
      const entity = await service.getEntity(
        parseInput(entityRefParamsSchema, req.params),
        await badges.credentials(),
      );
      const report = await store.getReport(stringifyEntityRef(entity));
      res
        .set({
          'Content-Type': 'image/svg+xml; charset=utf-8',
          'Cache-Control': 'public, max-age=300',
          'Content-Security-Policy':
            "default-src 'none'; style-src 'unsafe-inline'",
          'X-Content-Type-Options': 'nosniff',
        })
        .send(renderBadge(report));
    });
  }

  router.get('/v1/summaries', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const query = parseInput(summariesQuerySchema, req.query);
    res.json(
      await listSummaries({ store, service, permissions, credentials }, query),
    );
  });

  /** The caller and the entities it may read in the catalog. */
  async function callerScope(req: Request) {
    const credentials = await httpAuth.credentials(req);
    const readable = await readableEntityRefs({
      permissions,
      service,
      credentials,
    });
    return { credentials, readable };
  }

  router.post('/v1/summaries/by-refs', async (req, res) => {
    const { readable } = await callerScope(req);
    const requested = parseInput(summariesByRefsRequestSchema, req.body);
    const allowed = readable ? new Set(readable) : undefined;
    const entityRefs = allowed
      ? requested.entityRefs.filter(ref => allowed.has(ref))
      : requested.entityRefs;
    if (entityRefs.length === 0) {
      res.json({ items: [] });
      return;
    }
    const page = await store.listSummaries({
      entityRefs,
      limit: entityRefs.length,
    });
    res.json({ items: page.items.map(({ tierRank: _rank, ...item }) => item) });
  });

  router.get('/v1/distribution', async (req, res) => {
    const { readable } = await callerScope(req);
    const scope = { entityRefs: readable };
    const [counts, facets] = await Promise.all([
      store.countSummaries(scope),
      store.listFacets(scope),
    ]);
    const body: DistributionResponse = { counts, facets };
    res.json(body);
  });

  router.get('/v1/distribution/trend', async (req, res) => {
    const { readable } = await callerScope(req);
    const { days } = parseInput(distributionTrendQuerySchema, req.query);
    res.json({ items: await rollups.getTrend(days, readable) });
  });

  router.get('/v1/rollups', async (req, res) => {
    const { credentials, readable } = await callerScope(req);
    const { by } = parseInput(rollupsQuerySchema, req.query);
    res.json({ items: await rollups.listRollups(by, credentials, readable) });
  });

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
        parseInput(evidencePushRequestSchema, req.body),
      );
      const report = await service.pushEvidence(
        entity,
        items,
        actorOf(credentials),
      );
      res.status(201).json(report);
    }),
  );

  /** Revoking an attestation or a waiver: audited, re-evaluated, 404 when none is active. */
  function revokeRoute(
    what: 'attestation' | 'waiver',
    permission: Permission,
    revoke: (options: {
      entityRef: string;
      id: string;
      revokedBy: string;
      now: Date;
    }) => Promise<boolean>,
  ) {
    return audited(what, 'revoke', async (req, res) => {
      const { entity, entityRef, credentials } = await resolve(req, permission);
      const { id } = parseInput(idParamsSchema, { id: req.params.id });
      const revoked = await revoke({
        entityRef,
        id,
        revokedBy: actorOf(credentials),
        now: now(),
      });
      if (!revoked) {
        throw new NotFoundError(`No active ${what} ${id} for ${entityRef}`);
      }
      await service.evaluate(entity);
      res.status(204).end();
    });
  }

  router.get(`${entityPath}/attestations`, async (req, res) => {
    const { entityRef } = await resolve(req);
    res.json({ items: await store.listAttestations(entityRef) });
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
    revokeRoute('attestation', readinessAttestationDeletePermission, o =>
      store.revokeAttestation(o),
    ),
  );

  router.get(`${entityPath}/waivers`, async (req, res) => {
    const { entityRef } = await resolve(req);
    res.json({ items: await store.listWaivers(entityRef) });
  });

  router.post(
    `${entityPath}/waivers`,
    audited('waiver', 'create', async (req, res) => {
      const { entity, credentials } = await resolve(
        req,
        readinessWaiverCreatePermission,
      );
      const request = parseInput(waiverCreateRequestSchema, req.body);
      requireFuture(request.expiresAt, 'expiresAt', now());
      res
        .status(201)
        .json(await service.addWaiver(entity, request, actorOf(credentials)));
    }),
  );

  router.delete(
    `${entityPath}/waivers/:id`,
    revokeRoute('waiver', readinessWaiverDeletePermission, o =>
      store.revokeWaiver(o),
    ),
  );

  router.get(`${entityPath}/stop-work`, async (req, res) => {
    const { entityRef } = await resolve(req);
    const orders = await store.listStopWorkOrders(entityRef);
    const body: StopWorkOrderListResponse = {
      // Notification bookkeeping stays internal.
      items: orders.map(
        ({ entityRef: _, beganNotifiedAt, liftedNotifiedAt, ...order }) =>
          order,
      ),
    };
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

  router.get(`${entityPath}/history`, async (req, res) => {
    const { entityRef } = await resolve(req);
    const items: HistoryEntry[] = (await store.getHistory(entityRef)).map(
      row => ({
        evaluatedAt: row.recordedAt,
        tier: row.tier,
        score: row.score,
        stopWork: row.stopWork,
        risk: row.risk,
      }),
    );
    res.json({ items });
  });

  router.get(`${entityPath}/rollup`, async (req, res) => {
    const { entity, credentials } = await resolve(req);
    const readable = await readableEntityRefs({
      permissions,
      service,
      credentials,
    });
    res.json(await rollups.getEntityRollup(entity, credentials, readable));
  });

  router.get(`${entityPath}/gate`, async (req, res) => {
    const { entity } = await resolve(req);
    const { minTier } = parseInput(gateQuerySchema, req.query);
    res.json(evaluateGate(await service.getReport(entity), minTier));
  });

  return router;
}
