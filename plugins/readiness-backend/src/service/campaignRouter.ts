import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, toError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  type CampaignListResponse,
  campaignCreateRequestSchema,
  readinessCampaignManagePermission,
} from '@readiness/plugin-readiness-common';
import express, { type Request, type Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { Campaigns } from './campaigns';
import { parseInput } from './parseInput';
import { actorOf } from './router';
import type { SummaryService } from './SummaryService';

const campaignIdSchema = z.object({ id: z.string().min(1).max(100) });

/**
 * `/v1/campaigns`: anyone signed in reads campaigns, with progress over the
 * entities they may read; creating and archiving need
 * `readiness.campaign.manage`.
 *
 * @internal
 */
export function createCampaignRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  campaigns: Campaigns;
  summaries: Pick<SummaryService, 'readableEntityRefs'>;
}): express.Router {
  const { httpAuth, permissions, auditor, campaigns, summaries } = options;
  const router = Router();
  router.use('/v1/campaigns', express.json({ limit: '64kb' }));

  async function readable(req: Request) {
    return summaries.readableEntityRefs(await httpAuth.credentials(req));
  }

  function managed(
    actionType: 'create' | 'archive',
    handler: (
      req: Request,
      res: Response,
      credentials: BackstageCredentials,
    ) => Promise<void>,
  ) {
    return async (req: Request, res: Response) => {
      const event = await auditor.createEvent({
        eventId: 'campaign',
        severityLevel: 'medium',
        request: req,
        meta: { actionType, ...(req.params.id ? { id: req.params.id } : {}) },
      });
      try {
        const credentials = await httpAuth.credentials(req);
        const [decision] = await permissions.authorize(
          [{ permission: readinessCampaignManagePermission }],
          { credentials },
        );
        if (decision.result !== AuthorizeResult.ALLOW) {
          throw new NotAllowedError(
            `Missing permission ${readinessCampaignManagePermission.name}`,
          );
        }
        await handler(req, res, credentials);
      } catch (error) {
        await event.fail({ error: toError(error) as Error });
        throw error;
      }
      await event.success();
    };
  }

  router.get('/v1/campaigns', async (req, res) => {
    const body: CampaignListResponse = {
      items: await campaigns.list(await readable(req)),
    };
    res.json(body);
  });

  router.get('/v1/campaigns/:id', async (req, res) => {
    const { id } = parseInput(campaignIdSchema, req.params);
    res.json(await campaigns.get(id, await readable(req)));
  });

  router.post(
    '/v1/campaigns',
    managed('create', async (req, res, credentials) => {
      const request = parseInput(campaignCreateRequestSchema, req.body);
      res
        .status(201)
        .json(await campaigns.create(request, actorOf(credentials)));
    }),
  );

  router.delete(
    '/v1/campaigns/:id',
    managed('archive', async (req, res) => {
      const { id } = parseInput(campaignIdSchema, req.params);
      await campaigns.archive(id);
      res.status(204).end();
    }),
  );

  return router;
}
