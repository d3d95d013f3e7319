import { createHash } from 'node:crypto';
import type { EcosystemSpec, PoolEntry } from './ecosystems';
import { randomInt } from './random';

/** One advisory of the fake OSV database (the fields Readiness reads). */
export interface FakeAdvisory {
  id: string;
  modified: string;
  summary: string;
  affected: Array<{
    package: { ecosystem: string; name: string };
    versions: string[];
    ranges: Array<{ type: string; events: Array<Record<string, string>> }>;
  }>;
  database_specific: { severity: string };
}

/**
 * Share of pool names in the less popular half with an advisory. It affects
 * older versions only (the latest is the fix), so only components whose
 * lockfile is not kept up to date can be vulnerable.
 */
const VULNERABLE_SHARE = 0.02;

function nextPatch(version: string): string {
  const [major, minor, patch] = version.split('.').map(Number);
  return `${major}.${minor}.${patch + 1}`;
}

/**
 * The advisories over the package pools, and the vulnerable package keys
 * (`ecosystem/name@version`) with their advisory ids.
 */
export function drawAdvisories(
  random: () => number,
  seed: number,
  pools: Map<EcosystemSpec, PoolEntry[]>,
) {
  const vulnerable = new Map<string, string[]>();
  const advisories: FakeAdvisory[] = [];
  for (const [spec, pool] of pools) {
    for (const [index, entry] of pool.entries()) {
      // Popular packages get fixed fast; advisories sit in the long tail.
      const share = index < pool.length / 2 ? 0 : VULNERABLE_SHARE;
      if (entry.versions.length < 2 || random() >= share) continue;
      // The oldest versions up to one before the latest; the latest fixes it.
      const hit = entry.versions.slice(
        0,
        randomInt(random, 1, entry.versions.length - 1),
      );
      const id = `${spec.advisoryPrefix}${createHash('sha1')
        .update(`${seed}:${spec.ecosystem}:${entry.name}`)
        .digest('hex')
        .slice(0, 12)}`;
      advisories.push({
        id,
        modified: '2026-01-01T00:00:00Z',
        summary: `Synthetic advisory for ${entry.name}`,
        affected: [
          {
            package: { ecosystem: spec.ecosystem, name: entry.name },
            versions: hit,
            ranges: [
              {
                type: spec.ecosystem === 'PyPI' ? 'ECOSYSTEM' : 'SEMVER',
                events: [
                  { introduced: '0' },
                  { fixed: nextPatch(hit.at(-1)!) },
                ],
              },
            ],
          },
        ],
        database_specific: { severity: random() < 0.5 ? 'HIGH' : 'MODERATE' },
      });
      for (const version of hit) {
        vulnerable.set(`${spec.ecosystem}/${entry.name}@${version}`, [id]);
      }
    }
  }
  return { vulnerable, advisories };
}
