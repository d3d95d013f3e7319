import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type {
  GithubCredentialsProvider,
  GithubIntegration,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import {
  defaultSleep,
  GithubClient,
  type RateLimitState,
  type Sleep,
} from './GithubClient';

/**
 * The entity annotation naming the GitHub repository, `owner/name`.
 *
 * @public
 */
export const GITHUB_PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';

const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 30_000;
const DEFAULT_SERVER_ERROR_RETRIES = 3;
const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
// GitHub's own name rules: an owner is 1-39 letters, digits or single inner
// hyphens; a repository is 1-100 letters, digits, `.`, `_` or `-`, never `.`
// or `..` (which would walk out of /repos/ once the URL is normalised).
const OWNER = /^[A-Za-z0-9-]{1,39}$/;
const REPOSITORY = /^[A-Za-z0-9_.-]{1,100}$/;

function parseProjectSlug(
  slug: string,
): { owner: string; name: string } | undefined {
  const parts = slug.split('/');
  if (parts.length !== 2) {
    return undefined;
  }
  const [owner, name] = parts;
  const ownerValid =
    OWNER.test(owner) &&
    !owner.startsWith('-') &&
    !owner.endsWith('-') &&
    !owner.includes('--');
  const nameValid = REPOSITORY.test(name) && name !== '.' && name !== '..';
  return ownerValid && nameValid ? { owner, name } : undefined;
}
const LOCATION_ANNOTATIONS = [
  'backstage.io/source-location',
  'backstage.io/managed-by-location',
];

/** @internal */
export interface GithubRepositoryOptions {
  integrations: ScmIntegrationRegistry;
  credentialsProvider: GithubCredentialsProvider;
  /** The host of entities whose source location is on no configured GitHub host. */
  host?: string;
  maxRateLimitWaitMs?: number;
  maxServerErrorRetries?: number;
  maxResponseBytes?: number;
  fetch?: typeof fetch;
  sleep?: Sleep;
  logger: LoggerService;
  signal?: AbortSignal;
  /** Shared by every client of one module, so a limit seen once is kept. */
  rateLimits: RateLimitState;
}

function resolveIntegration(
  entity: Entity,
  options: GithubRepositoryOptions,
): GithubIntegration {
  const annotations = entity.metadata.annotations ?? {};
  for (const key of LOCATION_ANNOTATIONS) {
    const location = annotations[key];
    if (location?.startsWith('url:')) {
      try {
        const integration = options.integrations.github.byUrl(
          location.slice('url:'.length),
        );
        if (integration) {
          return integration;
        }
      } catch {
        // Not a URL: fall through to the default host.
      }
    }
  }
  const host = options.host ?? 'github.com';
  const integration = options.integrations.github.byHost(host);
  if (!integration) {
    throw new Error(
      `No GitHub integration is configured for ${host} (integrations.github)`,
    );
  }
  return integration;
}

/**
 * A client for the repository an entity's `github.com/project-slug`
 * annotation names, on the GitHub host its source location is on, with the
 * integration's credentials for that repository.
 *
 * @internal
 */
export async function openGithubRepository(
  entity: Entity,
  options: GithubRepositoryOptions,
): Promise<{
  client: GithubClient;
  /** `/repos/<owner>/<name>`, each part URL-encoded. */
  repoPath: string;
  /** `owner/name`. */
  repository: string;
  host: string;
}> {
  const slug =
    entity.metadata.annotations?.[GITHUB_PROJECT_SLUG_ANNOTATION]?.trim() ?? '';
  const parsed = parseProjectSlug(slug);
  if (!parsed) {
    throw new InputError(
      `The ${GITHUB_PROJECT_SLUG_ANNOTATION} annotation '${slug}' is not of the form owner/name`,
    );
  }
  const { owner, name } = parsed;
  const repository = `${owner}/${name}`;
  const { host, apiBaseUrl } = resolveIntegration(entity, options).config;
  if (!apiBaseUrl) {
    // Never fall back to api.github.com: that would send this host's token there.
    throw new Error(
      `The integrations.github entry for ${host} has no apiBaseUrl`,
    );
  }
  const credentials = await options.credentialsProvider.getCredentials({
    url: `https://${host}/${repository}`,
  });
  const client = new GithubClient({
    apiBaseUrl,
    repository,
    headers: credentials.headers,
    fetch: options.fetch ?? globalThis.fetch,
    sleep: options.sleep ?? defaultSleep,
    logger: options.logger,
    signal: options.signal,
    maxRateLimitWaitMs:
      options.maxRateLimitWaitMs ?? DEFAULT_MAX_RATE_LIMIT_WAIT_MS,
    maxServerErrorRetries:
      options.maxServerErrorRetries ?? DEFAULT_SERVER_ERROR_RETRIES,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    rateLimits: options.rateLimits,
    rateLimitKey: `${apiBaseUrl} ${owner.toLowerCase()}`,
  });
  return {
    client,
    repoPath: `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`,
    repository,
    host,
  };
}
