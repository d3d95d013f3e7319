import type { AdvisorySourceReport } from '../types';

/**
 * How old an offline copy of advisory data may be, in days, when the source
 * does not say: a week, as OSV's exports are refreshed continuously.
 *
 * @public
 */
export const defaultAdvisoryMaxAgeDays = 7;

const dayMs = 86_400_000;

/** `directory /srv/osv` or `OSV API https://api.osv.dev`. */
function sourceName(source: AdvisorySourceReport): string {
  return source.kind === 'osv-api'
    ? `OSV API ${source.location}`
    : `directory ${source.location}`;
}

/**
 * Why a scan answered by this source does not prove the absence of known
 * vulnerabilities, one reason per line; empty when it does. A copy of the
 * data is judged at `nowMs`, so a report evaluated later turns stale without
 * a new scan.
 *
 * @public
 */
export function advisorySourceGaps(
  source: AdvisorySourceReport,
  nowMs: number,
): string[] {
  const name = sourceName(source);
  const gaps = source.uncovered.map(
    ecosystem => `no advisory records for ${ecosystem} in ${name}`,
  );
  if (source.kind === 'osv-api') {
    return gaps;
  }
  const maxAgeDays = source.maxAgeDays ?? defaultAdvisoryMaxAgeDays;
  const newest = source.newestModified
    ? Date.parse(source.newestModified)
    : NaN;
  if (Number.isNaN(newest)) {
    gaps.push(
      `the age of the advisory data in ${name} is unknown: no record has a modified date`,
    );
  } else if (nowMs - newest > maxAgeDays * dayMs) {
    gaps.push(
      `the advisory data in ${name} is stale: its newest record was modified on ${source.newestModified!.slice(
        0,
        10,
      )}, more than ${maxAgeDays} days ago`,
    );
  }
  return gaps;
}

/**
 * One line saying which source answered, for which ecosystems, with how many
 * records and how fresh: the text report's and the card's line.
 *
 * @public
 */
export function describeAdvisorySource(source: AdvisorySourceReport): string {
  const parts = [sourceName(source)];
  if (source.ecosystems === undefined) {
    parts.push('every OSV ecosystem, live');
  } else {
    const held = source.ecosystems.filter(e => e.records > 0);
    parts.push(
      held.length === 0
        ? 'no records'
        : held
            .map(
              e =>
                `${e.ecosystem} ${e.records} ${e.records === 1 ? 'record' : 'records'}`,
            )
            .join(', '),
    );
    parts.push(
      source.newestModified
        ? `newest ${source.newestModified.slice(0, 10)} (max age ${
            source.maxAgeDays ?? defaultAdvisoryMaxAgeDays
          } days)`
        : 'age unknown',
    );
  }
  if (source.uncovered.length > 0) {
    parts.push(`not covered: ${source.uncovered.join(', ')}`);
  }
  return parts.join('; ');
}
