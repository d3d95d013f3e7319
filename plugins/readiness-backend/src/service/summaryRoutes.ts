import type { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  distributionTrendQuerySchema,
  rollupsQuerySchema,
  summariesByRefsRequestSchema,
  summariesQuerySchema,
} from '@readiness/plugin-readiness-common';
import type { Request, Router } from 'express';
import { parseInput } from './parseInput';
import type { RollupService } from './RollupService';
import type { SummaryService } from './SummaryService';

/**
 * The catalog-wide reads: summaries, the distribution and its trend, and
 * roll-ups, each over the entities the caller may read.
 *
 * @internal
 */
export function addSummaryRoutes(
  router: Router,
  options: {
    httpAuth: HttpAuthService;
    summaries: SummaryService;
    rollups: RollupService;
  },
) {
  const { httpAuth, summaries, rollups } = options;

  router.get('/v1/summaries', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const query = parseInput(summariesQuerySchema, req.query);
    res.json(await summaries.listSummaries(query, credentials));
  });

  /** The caller and the entities it may read in the catalog. */
  async function callerScope(req: Request) {
    const credentials = await httpAuth.credentials(req);
    const readable = await summaries.readableEntityRefs(credentials);
    return { credentials, readable };
  }

  router.post('/v1/summaries/by-refs', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const { entityRefs } = parseInput(summariesByRefsRequestSchema, req.body);
    res.json({
      items: await summaries.listSummariesByRefs(entityRefs, credentials),
    });
  });

  router.get('/v1/distribution', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    res.json(await summaries.getDistribution(credentials));
  });

  router.get('/v1/distribution/trend', async (req, res) => {
    const { readable } = await callerScope(req);
    const { days, owner, system } = parseInput(
      distributionTrendQuerySchema,
      req.query,
    );
    res.json({
      items:
        owner || system
          ? await rollups.getTrendOf({ owner, system }, days, readable)
          : await rollups.getTrend(days, readable),
    });
  });

  router.get('/v1/rollups', async (req, res) => {
    const { credentials, readable } = await callerScope(req);
    const { by } = parseInput(rollupsQuerySchema, req.query);
    res.json({ items: await rollups.listRollups(by, credentials, readable) });
  });
}
