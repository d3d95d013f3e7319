import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { REPOSITORY_OWNER } from './generate';
import { tarballOf } from './tarball';

/** Requests the fake GitHub answered since the last reset. */
export interface FakeGithubCounts {
  /** Every request, whatever its answer. */
  requests: number;
  /** `GET …/commits/:ref/status`: the reader's look-up of a branch's commit. */
  status: number;
  /** Tarballs sent (full reads). */
  archives: number;
  /** Conditional requests answered 304 Not Modified. */
  notModified: number;
  /** Requests per client, by the token its integration config sends. */
  byClient: Record<string, number>;
}

export interface FakeGithub {
  /** The `apiBaseUrl` of a GitHub integration pointing here. */
  apiBaseUrl: string;
  counts: FakeGithubCounts;
  /** Requests per repository since the last reset. */
  requestsPerRepository(): Map<string, number>;
  /** Repositories each client read in full (tarball) since the last reset. */
  archivesPerClient(): Map<string, Set<string>>;
  /** A new commit on the repository's default branch: a new sha. */
  commit(name: string): void;
  reset(): void;
  close(): Promise<void>;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,99}$/;

/**
 * The parts of GitHub's REST API that Backstage's GitHub URL reader calls for
 * `readTree` of a URL naming its branch (`…/tree/main/`), on 127.0.0.1,
 * serving the workload's repositories: the branch's commit status (whose sha
 * the reader compares with the etag it was given: one request for an
 * unchanged repository) and the commit's tarball. Both also answer
 * `If-None-Match` with 304. Every request is counted, per repository and per
 * client token.
 */
export async function startFakeGithub(options: {
  root: string;
  port: number;
}): Promise<FakeGithub> {
  const revisions = new Map<string, number>();
  const perRepository = new Map<string, number>();
  const archivesPerClient = new Map<string, Set<string>>();
  const counts: FakeGithubCounts = {
    requests: 0,
    status: 0,
    archives: 0,
    notModified: 0,
    byClient: {},
  };
  const shaOf = (name: string) =>
    createHash('sha1')
      .update(`${name}:${revisions.get(name) ?? 0}`)
      .digest('hex');
  let apiBaseUrl = '';

  const server: Server = createServer(async (req, res) => {
    counts.requests++;
    const client =
      /^(?:token|Bearer) (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ??
      'anonymous';
    counts.byClient[client] = (counts.byClient[client] ?? 0) + 1;
    const send = (status: number, body: unknown, etag?: string) => {
      res.writeHead(status, {
        'content-type': 'application/json',
        ...(etag ? { etag: `"${etag}"` } : {}),
      });
      res.end(status === 304 ? undefined : JSON.stringify(body));
    };
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const match =
      /^\/api\/v3\/repos\/([^/]+)\/([^/]+)(?:\/(commits|tarball)\/([^/]+)(\/status)?)?$/.exec(
        path,
      );
    if (
      req.method !== 'GET' ||
      !match ||
      match[1] !== REPOSITORY_OWNER ||
      !NAME.test(match[2])
    ) {
      send(404, { message: 'Not Found' });
      return;
    }
    const [, owner, name, kind, ref, status] = match;
    perRepository.set(name, (perRepository.get(name) ?? 0) + 1);
    const sha = shaOf(name);
    const unchanged = req.headers['if-none-match'] === `"${sha}"`;
    if (unchanged) {
      counts.notModified++;
      send(304, undefined, sha);
      return;
    }
    const fullName = `${owner}/${name}`;
    const repository = {
      full_name: fullName,
      default_branch: 'main',
      archive_url: `${apiBaseUrl}/repos/${fullName}/{archive_format}{/ref}`,
    };
    if (!kind) {
      send(200, repository, sha);
    } else if (kind === 'commits' && status && ref === 'main') {
      counts.status++;
      send(200, { sha, state: 'success', repository }, sha);
    } else if (kind === 'tarball' && !status && ref === sha) {
      try {
        const body = await tarballOf(
          join(options.root, 'repos', name),
          `${owner}-${name}-${sha.slice(0, 7)}`,
        );
        counts.archives++;
        if (!archivesPerClient.has(client)) {
          archivesPerClient.set(client, new Set());
        }
        archivesPerClient.get(client)!.add(name);
        res.writeHead(200, {
          'content-type': 'application/x-gzip',
          etag: `"${sha}"`,
        });
        res.end(body);
      } catch {
        send(404, { message: 'Not Found' });
      }
    } else {
      send(404, { message: 'Not Found' });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  apiBaseUrl = `http://127.0.0.1:${port}/api/v3`;
  return {
    apiBaseUrl,
    counts,
    requestsPerRepository: () => new Map(perRepository),
    archivesPerClient: () => archivesPerClient,
    commit(name) {
      revisions.set(name, (revisions.get(name) ?? 0) + 1);
    },
    reset() {
      counts.requests = 0;
      counts.status = 0;
      counts.archives = 0;
      counts.notModified = 0;
      counts.byClient = {};
      perRepository.clear();
      archivesPerClient.clear();
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
