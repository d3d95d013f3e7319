import {
  deriveFindings,
  type Evidence,
  type VulnerabilityFinding,
} from '@readiness/plugin-readiness-common';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { resolve } from 'node:path';
import type { Log, Result } from 'sarif';
import { run, type CliIo } from '../program';
import { formatSarif } from './formatSarif';

// The SARIF 2.1.0 JSON schema as Microsoft's SARIF jest matchers ship it
// (the rtm.5 release that JSON Schema Store publishes as 2.1.0), read from
// the dev dependency so it is not copied into this repository.
const sarifSchema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

// The schema's `language` pattern has a stray `]`, which only non-unicode
// regular expressions accept.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(sarifSchema);

/** Parses a log and fails the test with the schema errors if it is invalid. */
function parseValid(text: string): Log {
  const log = JSON.parse(text);
  validate(log);
  expect(validate.errors ?? []).toEqual([]);
  return log;
}

const stamp = {
  source: 'scan',
  observedAt: '2026-11-24T10:00:00Z',
  staleAfter: '2026-12-24T10:00:00Z',
};

function finding(
  overrides: Partial<VulnerabilityFinding>,
): VulnerabilityFinding {
  return {
    advisoryId: 'GHSA-aaaa-bbbb-cccc',
    aliases: [],
    ecosystem: 'npm',
    packageName: 'left-pad',
    version: '1.0.0',
    severity: 'high',
    summary: 'Prototype pollution',
    fixedVersions: ['1.3.0'],
    link: 'https://osv.dev/vulnerability/GHSA-aaaa-bbbb-cccc',
    lockfile: 'services/api/package-lock.json',
    ...overrides,
  };
}

function vulnerabilities(...findings: VulnerabilityFinding[]): Evidence {
  return {
    ...stamp,
    key: 'vulnerabilities',
    value: { scannedPackages: 10, findings, unreadable: [], unpinned: [] },
  };
}

const rootUri = 'file:///srv/repo/';

/** The log of the evidence's findings, as the scan builds it. */
function sarifOf(options: { rootUri: string; evidence: Evidence[] }) {
  return formatSarif({
    ...options,
    findings: deriveFindings(options.evidence),
  });
}

describe('formatSarif', () => {
  it('maps severities to levels, unknown to a warning with a note', () => {
    const severities = [
      ['critical', 'error'],
      ['high', 'error'],
      ['moderate', 'warning'],
      ['medium', 'warning'],
      ['low', 'note'],
      ['unknown', 'warning'],
    ] as const;
    const { text, failed } = sarifOf({
      rootUri,
      evidence: [
        vulnerabilities(
          ...severities.map(([severity], i) =>
            finding({
              advisoryId: `GHSA-${i}`,
              // `moderate` is GitHub's word; OSV records may carry it.
              severity: severity as VulnerabilityFinding['severity'],
            }),
          ),
        ),
      ],
    });
    expect(failed).toEqual([]);
    const results = parseValid(text).runs[0].results!;
    expect(results.map(r => [r.ruleId, r.level])).toEqual(
      severities.map(([, level], i) => [`GHSA-${i}`, level]),
    );
    expect(results[5].message.text).toContain('The advisory gives no severity');
    expect(results[0].message.text).not.toContain('no severity');
  });

  it('escapes embedded-link brackets in every message text', () => {
    const { text } = sarifOf({
      rootUri,
      evidence: [
        vulnerabilities(
          finding({
            packageName: 'a[b]',
            summary: 'See [the fix](https://e.example) \\[not a link]',
          }),
        ),
      ],
    });
    const run0 = parseValid(text).runs[0];
    expect(run0.results![0].message.text).toBe(
      'a\\[b\\] 1.0.0 (npm) is affected by GHSA-aaaa-bbbb-cccc: See \\[the fix\\](https://e.example) \\\\\\[not a link\\]. Fixed in 1.3.0. Upgrade a\\[b\\] to 1.3.0 or later (GHSA-aaaa-bbbb-cccc).',
    );
    expect(run0.tool.driver.rules![0].shortDescription!.text).toBe(
      'See \\[the fix\\](https://e.example) \\\\\\[not a link\\]',
    );
  });

  it('locates each finding in its lockfile and names the fixed version', () => {
    const { text } = sarifOf({
      rootUri,
      evidence: [
        vulnerabilities(
          finding({}),
          // The same advisory in a second lockfile: one rule, two results.
          finding({ lockfile: 'web/package-lock.json', version: '1.1.0' }),
          finding({
            advisoryId: 'GHSA-nofix',
            fixedVersions: [],
            lockfile: undefined,
          }),
        ),
      ],
    });
    const [sarifRun] = parseValid(text).runs;
    expect(sarifRun.tool.driver.rules!.map(r => r.id)).toEqual([
      'GHSA-aaaa-bbbb-cccc',
      'GHSA-nofix',
    ]);
    expect(sarifRun.originalUriBaseIds).toEqual({ SRCROOT: { uri: rootUri } });
    // Most severe first, then by package and version, as the report lists them.
    const [first, noFix, second] = sarifRun.results as Result[];
    expect(first.locations![0]).toEqual({
      physicalLocation: {
        artifactLocation: {
          uri: 'services/api/package-lock.json',
          uriBaseId: 'SRCROOT',
        },
      },
      logicalLocations: [
        {
          name: 'left-pad@1.0.0',
          fullyQualifiedName: 'npm/left-pad@1.0.0',
          kind: 'package',
        },
      ],
    });
    expect(first.message.text).toBe(
      'left-pad 1.0.0 (npm) is affected by GHSA-aaaa-bbbb-cccc: Prototype pollution. Fixed in 1.3.0. Upgrade left-pad to 1.3.0 or later (GHSA-aaaa-bbbb-cccc).',
    );
    expect(second.ruleIndex).toBe(0);
    expect(second.locations![0].physicalLocation!.artifactLocation!.uri).toBe(
      'web/package-lock.json',
    );
    expect(first.partialFingerprints).not.toEqual(second.partialFingerprints);
    expect(noFix.ruleIndex).toBe(1);
    expect(noFix.locations![0].physicalLocation).toBeUndefined();
    expect(noFix.message.text).toContain(
      'No fix available. Replace left-pad or mitigate GHSA-nofix: no fixed version exists.',
    );
  });

  it('marks the run failed when a lookup failed, so no empty log is uploaded', () => {
    const { text, failed } = sarifOf({
      rootUri,
      evidence: [
        { ...stamp, key: 'vulnerabilities', error: 'OSV answered 503' },
      ],
    });
    expect(failed).toEqual(['vulnerabilities: OSV answered 503']);
    const [invocation] = parseValid(text).runs[0].invocations!;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications![0]).toMatchObject({
      level: 'error',
      message: { text: expect.stringContaining('OSV answered 503') },
    });
  });
});

describe('readiness scan --format sarif', () => {
  const examples = resolve(__dirname, '../../../../examples');
  let out: string;
  let err: string;
  const io: CliIo = {
    stdout: text => {
      out += text;
    },
    stderr: text => {
      err += text;
    },
    cwd: examples,
    env: {},
    now: () => new Date('2026-11-24T12:00:00Z'),
    fetch: () => Promise.reject(new Error('no network in tests')),
  };
  beforeEach(() => {
    out = '';
    err = '';
  });
  const scan = (...args: string[]) =>
    run(['node', 'readiness', 'scan', 'claude-flow', ...args], io);

  it('writes the seed case as valid SARIF 2.1.0: vulnerabilities and unmaintained crates in Cargo.lock', async () => {
    expect(
      await scan(
        '--advisories',
        'advisories',
        '--offline',
        '--format',
        'sarif',
      ),
    ).toBe(0);
    const [sarifRun] = parseValid(out).runs;
    expect(sarifRun.invocations![0].executionSuccessful).toBe(true);
    const results = sarifRun.results!;
    expect(results.map(r => r.ruleId).sort()).toEqual([
      'RUSTSEC-2023-0071',
      'RUSTSEC-2024-0320',
      'RUSTSEC-2024-0363',
      'RUSTSEC-2024-0436',
    ]);
    for (const result of results) {
      expect(result.locations![0].physicalLocation!.artifactLocation).toEqual({
        uri: 'Cargo.lock',
        uriBaseId: 'SRCROOT',
      });
    }
    const sqlx = results.find(r => r.ruleId === 'RUSTSEC-2024-0363')!;
    expect(sqlx.message.text).toContain('sqlx 0.7.2');
    expect(sqlx.message.text).toContain('Fixed in 0.8.1');
    expect(sqlx.locations![0].logicalLocations![0].name).toBe('sqlx@0.7.2');
    const rsa = results.find(r => r.ruleId === 'RUSTSEC-2023-0071')!;
    expect(rsa.level).toBe('warning');
    expect(
      sarifRun.tool.driver.rules!.find(r => r.id === 'RUSTSEC-2023-0071')!
        .properties!['security-severity'],
    ).toBe('5.9');
    const yamlRust = results.find(r => r.ruleId === 'RUSTSEC-2024-0320')!;
    expect(yamlRust).toMatchObject({
      level: 'warning',
      properties: { kind: 'unmaintained' },
    });
    expect(sarifRun.originalUriBaseIds!.SRCROOT.uri).toMatch(
      /^file:\/\/.*\/examples\/claude-flow\/$/,
    );
  });

  it('still applies --fail-on, and exits 2 when the advisories could not be read', async () => {
    expect(
      await scan(
        '--advisories',
        'advisories',
        '--offline',
        '--format',
        'sarif',
        '--fail-on',
        'stop-work',
      ),
    ).toBe(1);
    expect(err).toContain('failed: stop-work order active');

    out = '';
    err = '';
    expect(
      await scan(
        '--advisories',
        'no-such-dir',
        '--offline',
        '--format',
        'sarif',
      ),
    ).toBe(2);
    expect(parseValid(out).runs[0].invocations![0].executionSuccessful).toBe(
      false,
    );
    expect(err).toContain('do not upload this log');
  });

  it('is offered by scan only', async () => {
    // Any JSON file: the format is refused before the evidence is read.
    const json = 'advisories/crates.io/RUSTSEC-2024-0320.json';
    expect(
      await run(
        ['node', 'readiness', 'evaluate', json, '--format', 'sarif'],
        io,
      ),
    ).toBe(2);
    expect(err).toContain(
      '--format: expected text, json or markdown, got sarif',
    );
    err = '';
    expect(await scan('--format', 'xml')).toBe(2);
    expect(err).toContain(
      '--format: expected text, json, markdown, sarif or cyclonedx, got xml',
    );
  });
});
