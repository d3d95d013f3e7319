import fc from 'fast-check';
import { toFindings } from './findings';
import { OsvClient, OsvRequestError } from './OsvClient';
import { packageKey } from './packageKey';
import type { PackageQuery } from './types';

// Properties of the OSV reader over generated answers: the client either
// returns what OSV said or rejects with an OsvRequestError naming the call;
// it never throws anything else and never turns garbage into "no advisories".

const pkg: PackageQuery = {
  ecosystem: 'npm',
  name: 'left-pad',
  version: '1.0.0',
};
const BASE = 'https://osv.test';

/** A fetch answering each path with the given text, with status 200. */
function fakeFetch(answers: { batch: string; record?: string }): typeof fetch {
  return async input => {
    const path = new URL(String(input)).pathname;
    const body = path === '/v1/querybatch' ? answers.batch : answers.record;
    return new Response(body ?? 'not found', {
      status: body === undefined ? 404 : 200,
      headers: { 'content-type': 'application/json' },
    });
  };
}

const client = (answers: { batch: string; record?: string }) =>
  new OsvClient({
    baseUrl: BASE,
    fetch: fakeFetch(answers),
    maxAttempts: 1,
    // Each generated case is one lookup; no window to wait for others.
    batchWindowMs: 0,
    sleep: async () => {},
  });

/** Text that may or may not be JSON, of any shape. */
const anyText = fc.oneof(
  fc.string(),
  fc.jsonValue({ maxDepth: 4 }).map(v => JSON.stringify(v)),
);

/** Whether a batch answer is a well-formed "nothing affects this package". */
function isCleanAnswer(text: string): boolean {
  try {
    const parsed = JSON.parse(text);
    const [result] = parsed.results;
    return (
      parsed.results.length === 1 &&
      typeof result === 'object' &&
      result !== null &&
      !Array.isArray(result) &&
      (result.vulns === undefined ||
        (Array.isArray(result.vulns) && result.vulns.length === 0))
    );
  } catch {
    return false;
  }
}

describe('OsvClient over generated answers (properties)', () => {
  it('rejects a malformed batch answer naming the call, and reports clean only on a well-formed empty result', async () => {
    await expect(
      fc.assert(
        fc.asyncProperty(
          fc.oneof(
            anyText,
            // shaped like an answer, with random parts
            fc
              .record(
                {
                  results: fc.oneof(
                    fc.anything(),
                    fc.array(
                      fc.oneof(
                        fc.anything(),
                        fc.record(
                          {
                            vulns: fc.anything(),
                            next_page_token: fc.anything(),
                          },
                          { requiredKeys: [] },
                        ),
                      ),
                      { maxLength: 2 },
                    ),
                  ),
                },
                { requiredKeys: [] },
              )
              .map(v => JSON.stringify(v) ?? 'null'),
          ),
          async batch => {
            let result: Map<string, unknown[]> | undefined;
            let error: unknown;
            try {
              result = await client({ batch }).findAdvisories([pkg]);
            } catch (e) {
              error = e;
            }
            if (error) {
              return (
                error instanceof OsvRequestError &&
                error.message.includes('/v1/')
              );
            }
            const vulns = result!.get(packageKey(pkg))!;
            // An empty list is only ever OSV's own "nothing found".
            return vulns.length > 0 || isCleanAnswer(batch);
          },
        ),
        { numRuns: 300 },
      ),
    ).resolves.toBeUndefined();
  });

  it('turns any record OSV names for a package into a finding unless it is withdrawn, or rejects it naming the record', async () => {
    const record = fc.record(
      {
        modified: fc.oneof(fc.string(), fc.anything()),
        withdrawn: fc.oneof(fc.string(), fc.anything()),
        aliases: fc.oneof(fc.array(fc.string()), fc.anything()),
        summary: fc.oneof(fc.string(), fc.anything()),
        details: fc.oneof(fc.string(), fc.anything()),
        severity: fc.oneof(
          fc.array(
            fc.record({
              type: fc.constantFrom('CVSS_V3', 'CVSS_V4', 'other'),
              score: fc.string(),
            }),
          ),
          fc.anything(),
        ),
        affected: fc.anything(),
        references: fc.anything(),
      },
      { requiredKeys: [] },
    );
    await expect(
      fc.assert(
        fc.asyncProperty(
          fc.oneof(
            record.map(r => JSON.stringify({ ...r, id: 'OSV-1' })),
            // not the advisory asked for, or not JSON at all
            record.map(r => JSON.stringify({ ...r, id: 'OSV-2' })),
            anyText,
          ),
          async text => {
            const batch = JSON.stringify({
              results: [{ vulns: [{ id: 'OSV-1' }] }],
            });
            let vulns: unknown[] | undefined;
            try {
              vulns = (
                await client({ batch, record: text }).findAdvisories([pkg])
              ).get(packageKey(pkg));
            } catch (error) {
              return (
                error instanceof OsvRequestError &&
                error.message.includes('/v1/vulns/OSV-1')
              );
            }
            const parsed = JSON.parse(text);
            if (parsed.id !== 'OSV-1') return false;
            const findings = toFindings(pkg, vulns as any);
            const withdrawn =
              typeof parsed.withdrawn === 'string' && parsed.withdrawn.trim();
            return (
              Boolean(withdrawn) ||
              findings.vulnerabilities.length +
                findings.dependencyHealth.length >
                0
            );
          },
        ),
        { numRuns: 300 },
      ),
    ).resolves.toBeUndefined();
  });
});
