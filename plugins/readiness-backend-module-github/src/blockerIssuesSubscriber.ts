import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { EventsService } from '@backstage/plugin-events-node';
import { type Blocker, syncBlockerIssues } from './blockerIssues';
import {
  GITHUB_PROJECT_SLUG_ANNOTATION,
  type GithubRepositoryOptions,
  openGithubRepository,
} from './githubRepository';

const TOPIC = 'readiness.blockers.changed';

/** The event's payload, or undefined when it is not one the backend sends. */
function readPayload(
  payload: unknown,
): { entityRef: string; blockers: Blocker[] } | undefined {
  const { entityRef, blockers } = (payload ?? {}) as Record<string, unknown>;
  if (typeof entityRef !== 'string' || !Array.isArray(blockers)) {
    return undefined;
  }
  const valid = blockers.every(
    (b: any) =>
      typeof b?.checkId === 'string' &&
      typeof b.title === 'string' &&
      typeof b.summary === 'string' &&
      Array.isArray(b.actions) &&
      b.actions.every((a: unknown) => typeof a === 'string'),
  );
  return valid ? { entityRef, blockers } : undefined;
}

/**
 * Keeps one GitHub issue per failing blocker in the entity's repository,
 * on each `readiness.blockers.changed` event.
 *
 * @internal
 */
export async function subscribeBlockerIssues(
  options: Omit<GithubRepositoryOptions, 'logger'> & {
    events: EventsService;
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
    /** `app.baseUrl`, for a link to the entity page in each issue. */
    appBaseUrl?: string;
  },
): Promise<void> {
  const { events, catalog, auth, logger } = options;
  await events.subscribe({
    id: 'readiness-github-issues',
    topics: [TOPIC],
    async onEvent({ eventPayload }) {
      const payload = readPayload(eventPayload);
      if (!payload) {
        logger.warn(`Ignored a ${TOPIC} event with an unexpected payload`);
        return;
      }
      try {
        const entity = await catalog.getEntityByRef(payload.entityRef, {
          credentials: await auth.getOwnServiceCredentials(),
        });
        if (!entity?.metadata.annotations?.[GITHUB_PROJECT_SLUG_ANNOTATION]) {
          return;
        }
        const { client, repoPath, repository } = await openGithubRepository(
          entity,
          options,
        );
        const { kind, namespace, name } = parseEntityRef(payload.entityRef);
        const result = await syncBlockerIssues({
          client,
          repoPath,
          entityRef: payload.entityRef,
          blockers: payload.blockers,
          link: options.appBaseUrl
            ? `${options.appBaseUrl}/catalog/${namespace}/${kind.toLocaleLowerCase('en-US')}/${name}`
            : undefined,
        });
        if (result.opened.length || result.closed.length) {
          logger.info(
            `Readiness blocker issues of ${payload.entityRef} in ${repository}: opened ${result.opened.join(', ') || 'none'}, closed ${result.closed.join(', ') || 'none'}`,
          );
        }
      } catch (error) {
        logger.warn(
          `Could not update the GitHub blocker issues of ${payload.entityRef}: ${stringifyError(error)}`,
        );
      }
    },
  });
}
