import type { AdvisorySource } from '../advisories';
import { analyzePushedSbom, PUSHED_SBOM_FILE } from './analyzePushedSbom';

const sbom = JSON.stringify({
  bomFormat: 'CycloneDX',
  specVersion: '1.6',
  components: [
    { type: 'library', name: 'left-pad', purl: 'pkg:npm/left-pad@1.3.0' },
    { type: 'library', name: 'in-house' },
  ],
});

const knowsNothing: AdvisorySource = {
  async findAdvisories() {
    return new Map();
  },
};

describe('analyzePushedSbom', () => {
  it('lists the packages under the pushed SBOM, and components without a package URL as unknown', async () => {
    const analysis = await analyzePushedSbom(sbom, {
      advisories: knowsNothing,
      timeoutMs: 5_000,
    });
    expect('evidence' in analysis && analysis.evidence[0]).toMatchObject({
      key: 'vulnerabilities',
      value: {
        scannedPackages: 1,
        findings: [],
        unpinned: [
          { file: PUSHED_SBOM_FILE, name: 'in-house (no package URL)' },
        ],
        inventory: [
          {
            ecosystem: 'npm',
            name: 'left-pad',
            version: '1.3.0',
            files: [PUSHED_SBOM_FILE],
          },
        ],
      },
    });
  });

  it('makes both evidence items an error naming why when the lookup fails', async () => {
    const failing: AdvisorySource = {
      async findAdvisories() {
        throw new Error('OSV answered 503');
      },
    };
    const analysis = await analyzePushedSbom(sbom, {
      advisories: failing,
      timeoutMs: 5_000,
    });
    expect(analysis).toEqual({
      evidence: [
        {
          key: 'vulnerabilities',
          error: 'advisory lookup failed: OSV answered 503',
        },
        {
          key: 'dependency-health',
          error: 'advisory lookup failed: OSV answered 503',
        },
      ],
    });
  });

  it('gives up on a source that never answers, even one that ignores the signal', async () => {
    const silent: AdvisorySource = {
      findAdvisories: () => new Promise(() => {}),
    };
    const analysis = await analyzePushedSbom(sbom, {
      advisories: silent,
      timeoutMs: 50,
    });
    expect(analysis).toEqual({
      evidence: [
        {
          key: 'vulnerabilities',
          error: 'advisory lookup failed: no answer within 1 s',
        },
        {
          key: 'dependency-health',
          error: 'advisory lookup failed: no answer within 1 s',
        },
      ],
    });
  });

  it('says why a document is not a readable SBOM', async () => {
    await expect(
      analyzePushedSbom('{"name":"not an sbom"}', {
        advisories: knowsNothing,
        timeoutMs: 5_000,
      }),
    ).resolves.toEqual({ unreadable: 'not a CycloneDX or SPDX document' });
    await expect(
      analyzePushedSbom('<html/>', {
        advisories: knowsNothing,
        timeoutMs: 5_000,
      }),
    ).resolves.toMatchObject({
      unreadable: expect.stringMatching(/CycloneDX/),
    });
  });
});
