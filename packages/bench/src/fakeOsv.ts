import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeAdvisory } from './generate';

/** Calls the fake OSV server answered, by route. */
export interface FakeOsvCounts {
  querybatch: number;
  /** Queries over all batch calls. */
  batchQueries: number;
  /** Single `POST /v1/query` calls (the naive baseline). */
  query: number;
  vulns: number;
}

export interface FakeOsv {
  url: string;
  counts: FakeOsvCounts;
  reset(): void;
  close(): Promise<void>;
}

const MAX_BATCH = 1000;

/**
 * An OSV API on 127.0.0.1 that answers `/v1/querybatch` (at most 1,000
 * queries), `/v1/query` and `/v1/vulns/:id` from the workload's advisories,
 * each after `latencyMs`, and counts every call.
 */
export async function startFakeOsv(options: {
  advisoryIds: Record<string, string[]>;
  advisories: FakeAdvisory[];
  latencyMs: number;
  port: number;
}): Promise<FakeOsv> {
  const records = new Map(options.advisories.map(a => [a.id, a]));
  const counts: FakeOsvCounts = {
    querybatch: 0,
    batchQueries: 0,
    query: 0,
    vulns: 0,
  };
  const idsOf = (query: {
    package?: { ecosystem?: string; name?: string };
    version?: string;
  }) =>
    options.advisoryIds[
      `${query.package?.ecosystem}/${query.package?.name}@${query.version}`
    ] ?? [];
  const answer = (ids: string[]) =>
    ids.length === 0
      ? {}
      : {
          vulns: ids.map(id => ({ id, modified: records.get(id)!.modified })),
        };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      setTimeout(() => {
        const send = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        try {
          const url = req.url ?? '';
          if (req.method === 'POST' && url === '/v1/querybatch') {
            counts.querybatch++;
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            const queries = body.queries as Array<Parameters<typeof idsOf>[0]>;
            if (!Array.isArray(queries) || queries.length > MAX_BATCH) {
              send(400, { message: 'queries: 1 to 1000 expected' });
              return;
            }
            counts.batchQueries += queries.length;
            send(200, { results: queries.map(q => answer(idsOf(q))) });
          } else if (req.method === 'POST' && url === '/v1/query') {
            counts.query++;
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            const ids = idsOf(body);
            send(200, { vulns: ids.map(id => records.get(id)) });
          } else if (req.method === 'GET' && url.startsWith('/v1/vulns/')) {
            counts.vulns++;
            const id = decodeURIComponent(url.slice('/v1/vulns/'.length));
            const record = records.get(id);
            if (record) send(200, record);
            else send(404, { message: `no advisory ${id}` });
          } else {
            send(404, { message: 'not found' });
          }
        } catch (error) {
          send(400, { message: String(error) });
        }
      }, options.latencyMs);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    reset() {
      counts.querybatch = 0;
      counts.batchQueries = 0;
      counts.query = 0;
      counts.vulns = 0;
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
