import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { Permission } from '@backstage/plugin-permission-common';
import {
  readinessWaiverApprovePermission,
  readinessWaiverCreatePermission,
  readinessWaiverDeletePermission,
  vexPushRequestSchema,
  waiverCreateRequestSchema,
  waiverDecisionRequestSchema,
  waiverListQuerySchema,
} from '@readiness/plugin-readiness-common';
import type { Request, Response, Router } from 'express';
import { idParamsSchema, parseInput } from './parseInput';
import type { WaiverWorkflow } from './WaiverWorkflow';

/**
 * What the waiver routes share with the rest of the router: entity
 * resolution, the one permission check, the auditor and the caller's name.
 *
 * @internal
 */
export interface WaiverRouteContext {
  entityPath: string;
  waivers: WaiverWorkflow;
  resolve(
    req: Request,
    permission?: Permission,
  ): Promise<{
    credentials: BackstageCredentials;
    entity: Entity;
    entityRef: string;
  }>;
  /** Whether the caller holds a permission on the entity; never throws a 403. */
  isAllowed(
    credentials: BackstageCredentials,
    permission: Permission,
    entityRef: string,
  ): Promise<boolean>;
  audited(
    eventId: 'waiver',
    actionType: string,
    handler: (req: Request, res: Response) => Promise<void>,
  ): (req: Request, res: Response) => Promise<void>;
  actorOf(credentials: BackstageCredentials): string;
  now(): Date;
}

/**
 * The waiver workflow's routes: request, approve, deny, revoke, list (by
 * state) and trail, and OpenVEX in and out.
 *
 * @internal
 */
export function addWaiverRoutes(router: Router, context: WaiverRouteContext) {
  const { entityPath, waivers, resolve, isAllowed, audited, actorOf } = context;
  const waiverPath = `${entityPath}/waivers/:id`;
  const idOf = (req: Request) =>
    parseInput(idParamsSchema, { id: req.params.id }).id;

  /**
   * A caller creating waivers: `waiver.create` first (403), then, once the
   * body is valid, whether they may approve what they create.
   */
  async function requesterOf(req: Request) {
    const { entity, entityRef, credentials } = await resolve(
      req,
      readinessWaiverCreatePermission,
    );
    return {
      decisions: async () => ({
        entity,
        actor: actorOf(credentials),
        canApprove: await isAllowed(
          credentials,
          readinessWaiverApprovePermission,
          entityRef,
        ),
      }),
    };
  }

  router.get(`${entityPath}/waivers`, async (req, res) => {
    const { entity } = await resolve(req);
    const { state } = parseInput(waiverListQuerySchema, req.query);
    res.json({ items: await waivers.list(entity, state) });
  });

  router.post(
    `${entityPath}/waivers`,
    audited('waiver', 'create', async (req, res) => {
      const requester = await requesterOf(req);
      const request = parseInput(waiverCreateRequestSchema, req.body);
      if (Date.parse(request.expiresAt) <= context.now().getTime()) {
        throw new InputError('expiresAt: must be in the future');
      }
      const { entity, actor, canApprove } = await requester.decisions();
      res
        .status(201)
        .json(await waivers.request(entity, request, actor, { canApprove }));
    }),
  );

  router.get(`${waiverPath}/trail`, async (req, res) => {
    const { entity } = await resolve(req);
    res.json({ items: await waivers.trail(entity, idOf(req)) });
  });

  /** A decision: its permission, then the body, then the transition. */
  function decisionRoute(
    action: 'approve' | 'deny' | 'revoke',
    permission: Permission,
  ) {
    return audited('waiver', action, async (req, res) => {
      const { entity, credentials } = await resolve(req, permission);
      const id = idOf(req);
      const { reason } = parseInput(
        waiverDecisionRequestSchema,
        req.body ?? {},
      );
      const actor = actorOf(credentials);
      if (action === 'deny') {
        if (!reason) {
          throw new InputError('reason: a denial needs a reason');
        }
        res.json(await waivers.deny(entity, id, actor, reason));
        return;
      }
      res.json(await waivers[action](entity, id, actor, reason));
    });
  }

  router.post(
    `${waiverPath}/approve`,
    decisionRoute('approve', readinessWaiverApprovePermission),
  );
  router.post(
    `${waiverPath}/deny`,
    decisionRoute('deny', readinessWaiverApprovePermission),
  );
  router.post(
    `${waiverPath}/revoke`,
    decisionRoute('revoke', readinessWaiverDeletePermission),
  );

  // Revoking by DELETE, as before the workflow: no reason, no body.
  router.delete(
    waiverPath,
    audited('waiver', 'revoke', async (req, res) => {
      const { entity, credentials } = await resolve(
        req,
        readinessWaiverDeletePermission,
      );
      await waivers.revoke(entity, idOf(req), actorOf(credentials));
      res.status(204).end();
    }),
  );

  router.get(`${entityPath}/vex`, async (req, res) => {
    const { entity } = await resolve(req);
    res
      .type('application/json')
      .send(JSON.stringify(await waivers.exportVex(entity)));
  });

  router.post(
    `${entityPath}/vex`,
    audited('waiver', 'push-vex', async (req, res) => {
      const requester = await requesterOf(req);
      const { document } = parseInput(vexPushRequestSchema, req.body);
      const { entity, actor, canApprove } = await requester.decisions();
      res
        .status(201)
        .json(await waivers.importVex(entity, document, actor, { canApprove }));
    }),
  );
}
