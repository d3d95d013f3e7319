import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { AuthenticationError, InputError } from '@backstage/errors';
import {
  entityRefParamsSchema,
  explainNextTier,
  readinessTiers,
  summariesQuerySchema,
} from '@readiness/plugin-readiness-common';
import { parseInput } from '../service/parseInput';
import type { ReadinessService } from '../service/ReadinessService';
import type { SummaryService } from '../service/SummaryService';

/*
 * The actions registry builds schemas with the zod v3 API it passes in
 * (`zod/v3`), while -common's schemas are zod v4. The schemas below only
 * describe the input to MCP clients; every input is then validated with the
 * same -common schemas as the REST routes, so both reject the same values
 * with the same messages.
 */

type Zod = Parameters<
  Parameters<ActionsRegistryService['register']>[0]['schema']['input']
>[0];

const entityRefInput = (z: Zod) =>
  z.object({
    entityRef: z
      .string()
      .describe(
        'The entity, as kind:namespace/name; kind defaults to component and namespace to default (e.g. "payments-service")',
      ),
  });

const tierOutput = (z: Zod) => z.enum(readinessTiers).nullable();

/** The REST routes' rule: a request with no credentials is a 401. */
function requireCaller(credentials: BackstageCredentials) {
  if ((credentials.principal as { type: string }).type === 'none') {
    throw new AuthenticationError(
      'Readiness actions need a user or service caller',
    );
  }
}

/** A full or short ref, checked part by part as the REST route params are. */
function toEntityRef(
  value: string,
  defaultKind: string,
  field: string,
): string {
  let parts: { kind: string; namespace: string; name: string };
  try {
    parts = parseEntityRef(value, { defaultKind, defaultNamespace: 'default' });
  } catch (error) {
    throw new InputError(`${field}: ${(error as Error).message}`);
  }
  try {
    return stringifyEntityRef(parseInput(entityRefParamsSchema, parts));
  } catch (error) {
    throw new InputError(`${field}.${(error as Error).message}`);
  }
}

/**
 * Registers the Readiness actions (ids `readiness:<name>`), which Backstage's
 * MCP actions backend serves to AI agents. They read with the caller's
 * credentials, like the REST routes: an entity the caller cannot see in the
 * catalog is not found.
 *
 * @internal
 */
export function registerReadinessActions(options: {
  actionsRegistry: ActionsRegistryService;
  service: ReadinessService;
  summaries: SummaryService;
}) {
  const { actionsRegistry, service, summaries } = options;

  async function reportOf(
    entityRef: string,
    credentials: BackstageCredentials,
  ) {
    requireCaller(credentials);
    const entity = await service.getEntity(
      toEntityRef(entityRef, 'component', 'entityRef'),
      credentials,
    );
    return service.getReport(entity);
  }

  actionsRegistry.register({
    name: 'get-readiness-report',
    title: 'Get readiness report',
    description:
      'The readiness report of one catalog entity: the tier it achieves (mvs, production, enterprise), every check with status and summary, score, risk, the stop-work order (active while a blocker fails: the entity must not be deployed) and the remediation plan.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: entityRefInput,
      output: z =>
        z.object({
          report: z
            .object({
              entityRef: z.string(),
              tier: tierOutput(z),
              stopWork: z.object({ active: z.boolean() }).passthrough(),
            })
            .passthrough()
            .describe(
              'The report, as GET /api/readiness/v1/entities/... returns it',
            ),
        }),
    },
    async action({ input, credentials }) {
      const report = await reportOf(input.entityRef, credentials);
      // Spread: the passthrough schema's type wants plain object types.
      return {
        output: { report: { ...report, stopWork: { ...report.stopWork } } },
      };
    },
  });

  actionsRegistry.register({
    name: 'list-stop-work-entities',
    title: 'List entities under stop-work',
    description:
      'The catalog entities with an active stop-work order (they must not be deployed), optionally only those of one owner or one system, one page at a time.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          owner: z
            .string()
            .optional()
            .describe('Owner ref, e.g. group:default/team-a or team-a'),
          system: z
            .string()
            .optional()
            .describe('System ref, e.g. system:default/payments or payments'),
          limit: z
            .number()
            .optional()
            .describe('Page size, 1 to 500; default 50'),
          cursor: z
            .string()
            .optional()
            .describe('nextCursor of the previous page'),
        }),
      output: z =>
        z.object({
          items: z.array(
            z.object({
              entityRef: z.string(),
              title: z.string().optional(),
              owner: z.string().optional(),
              system: z.string().optional(),
              tier: tierOutput(z),
              score: z.number(),
              risk: z.string(),
              evaluatedAt: z.string(),
              stale: z.boolean(),
            }),
          ),
          totalCount: z.number(),
          nextCursor: z.string().optional(),
        }),
    },
    async action({ input, credentials }) {
      requireCaller(credentials);
      const query = parseInput(summariesQuerySchema, {
        stopWork: 'true',
        owner: input.owner && toEntityRef(input.owner, 'group', 'owner'),
        system: input.system && toEntityRef(input.system, 'system', 'system'),
        limit: input.limit,
        cursor: input.cursor,
      });
      const page = await summaries.listSummaries(query, credentials);
      return {
        output: {
          items: page.items.map(item => ({
            entityRef: item.entityRef,
            title: item.title,
            owner: item.owner,
            system: item.system,
            tier: item.tier,
            score: item.score,
            risk: item.risk,
            evaluatedAt: item.evaluatedAt,
            stale: item.stale,
          })),
          totalCount: page.totalCount,
          nextCursor: page.nextCursor,
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'explain-next-tier',
    title: "Explain what blocks an entity's next tier",
    description:
      'A ranked to-do list of the checks that keep an entity from the tier above its current one (blockers first, then failures, then missing evidence), each with its remediation items. nextTier is null at enterprise grade.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: entityRefInput,
      output: z =>
        z.object({
          entityRef: z.string(),
          tier: tierOutput(z),
          nextTier: tierOutput(z),
          stopWorkActive: z.boolean(),
          blockers: z.array(
            z.object({
              rank: z.number(),
              checkId: z.string(),
              title: z.string(),
              tier: z.enum(readinessTiers),
              severity: z.enum(['blocker', 'major', 'minor']),
              status: z.enum(['fail', 'unknown']),
              summary: z.string(),
              remediation: z.array(
                z.object({
                  checkId: z.string().optional(),
                  kind: z.enum(['fix', 'collect-evidence', 'respond']),
                  action: z.string(),
                  waivedUntil: z.string().optional(),
                  owner: z.string().optional(),
                  dueAt: z.string().optional(),
                  overdue: z.boolean().optional(),
                  done: z.boolean().optional(),
                }),
              ),
            }),
          ),
        }),
    },
    async action({ input, credentials }) {
      return {
        output: explainNextTier(await reportOf(input.entityRef, credentials)),
      };
    },
  });
}
