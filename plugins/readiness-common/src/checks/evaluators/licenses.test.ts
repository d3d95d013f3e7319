import { parseReadinessConfig, resolveReadinessConfig } from '../../config';
import { evaluateReadiness } from '../../evaluation/evaluateReadiness';
import { evidence, NOW } from '../../testUtils/fixtures';
import type { CheckResult, Evidence, PackageLicense } from '../../types';
import { judgeLicense } from '../licenses';

const pkg = (name: string, license?: string): PackageLicense => ({
  ecosystem: 'npm',
  name,
  version: '1.0.0',
  ...(license === undefined ? {} : { license }),
});

function licenseCheck(
  items: Evidence[],
  licenses?: Record<string, unknown>,
): CheckResult {
  const report = evaluateReadiness({
    entityRef: 'component:default/shop',
    evidence: items,
    config: parseReadinessConfig({ licenses }),
    now: NOW,
  });
  return report.checks.find(c => c.id === 'compliance.licenses')!;
}

describe('judgeLicense', () => {
  const policy = { allow: ['MIT', 'Apache-2.0', 'BSD-3-Clause'], deny: [] };

  it.each([
    ['MIT', policy, 'allowed'],
    ['GPL-3.0-only', policy, 'not-allowed'],
    // One allowed alternative is enough to comply.
    ['MIT OR GPL-3.0-only', policy, 'allowed'],
    // Every license of a conjunction must be allowed.
    ['MIT AND GPL-3.0-only', policy, 'not-allowed'],
    ['(MIT AND Apache-2.0) OR GPL-3.0-only', policy, 'allowed'],
    ['GPL-3.0-only', { allow: [], deny: ['GPL-3.0-only'] }, 'denied'],
    ['MIT OR GPL-3.0-only', { allow: [], deny: ['GPL-3.0-only'] }, 'allowed'],
    ['MIT AND GPL-3.0-only', { allow: [], deny: ['GPL-3.0-only'] }, 'denied'],
    // A denied license is denied even when the allow list names it too.
    ['MIT', { allow: ['MIT'], deny: ['MIT'] }, 'denied'],
    // spdx-satisfies reads `+`: GPL-2.0+ may be used under GPL-3.0.
    ['GPL-2.0+', { allow: ['GPL-3.0'], deny: [] }, 'allowed'],
    ['Zlib', { allow: [], deny: ['GPL-3.0-only'] }, 'allowed'],
    [undefined, policy, 'unknown'],
    ['', policy, 'unknown'],
    ['NOASSERTION', policy, 'unknown'],
    ['SEE LICENSE IN LICENSE.md', policy, 'unknown'],
    ['UNLICENSED', policy, 'unknown'],
  ] as const)('%s under %j is %s', (license, p, verdict) => {
    expect(
      judgeLicense(license, { allow: [...p.allow], deny: [...p.deny] }),
    ).toBe(verdict);
  });

  it('matches a LicenseRef only by itself', () => {
    expect(judgeLicense('LicenseRef-acme', { allow: ['MIT'], deny: [] })).toBe(
      'not-allowed',
    );
    expect(
      judgeLicense('LicenseRef-acme', { allow: ['LicenseRef-acme'], deny: [] }),
    ).toBe('allowed');
  });
});

describe('compliance.licenses', () => {
  const allow = { allow: ['MIT', 'Apache-2.0'] };

  it('is a Production Ready check', () => {
    const check = resolveReadinessConfig().checks.find(
      c => c.id === 'compliance.licenses',
    );
    expect(check).toMatchObject({ tier: 'production', severity: 'major' });
  });

  it('passes when every package is under an allowed license', () => {
    const result = licenseCheck(
      [
        evidence('licenses', {
          packages: [pkg('a', 'MIT'), pkg('b', 'MIT OR GPL-3.0-only')],
        }),
      ],
      allow,
    );
    expect(result.status).toBe('pass');
    expect(result.summary).toBe('2 packages under allowed licenses');
  });

  it('fails naming each package the policy does not allow', () => {
    const result = licenseCheck(
      [
        evidence('licenses', {
          packages: [pkg('a', 'MIT'), pkg('gpl', 'GPL-3.0-only'), pkg('c')],
        }),
      ],
      { ...allow, deny: ['GPL-3.0-only'] },
    );
    expect(result.status).toBe('fail');
    expect(result.summary).toBe(
      '1 package under a license the policy does not allow: gpl 1.0.0 (GPL-3.0-only)',
    );
    expect(result.details).toContain('gpl 1.0.0 (npm): GPL-3.0-only is denied');
    expect(result.details).toContain('c 1.0.0 (npm): license unknown');
  });

  it('fails for a license outside the allow list', () => {
    const result = licenseCheck(
      [evidence('licenses', { packages: [pkg('z', 'Zlib')] })],
      allow,
    );
    expect(result.status).toBe('fail');
    expect(result.details).toEqual([
      'z 1.0.0 (npm): Zlib is not in the allow list',
    ]);
  });

  it('is unknown, naming the package, when a license is unknown', () => {
    const result = licenseCheck(
      [
        evidence('licenses', {
          packages: [pkg('a', 'MIT'), pkg('mystery'), pkg('odd', 'Custom')],
        }),
      ],
      allow,
    );
    expect(result.status).toBe('unknown');
    expect(result.summary).toBe(
      'license unknown for 2 packages: mystery 1.0.0, odd 1.0.0',
    );
    expect(result.details).toContain(
      'odd 1.0.0 (npm): license "Custom" is not an SPDX expression',
    );
  });

  it('passes with unknown licenses when the policy accepts them', () => {
    const result = licenseCheck(
      [evidence('licenses', { packages: [pkg('a', 'MIT'), pkg('mystery')] })],
      { ...allow, acceptUnknown: true },
    );
    expect(result.status).toBe('pass');
    expect(result.summary).toBe(
      '1 package under allowed licenses; 1 unknown license accepted',
    );
  });

  it('is unknown when a license source was not asked', () => {
    const result = licenseCheck(
      [
        evidence('licenses', {
          packages: [pkg('a', 'MIT')],
          unchecked: [{ reason: 'offline', packages: 3 }],
        }),
      ],
      allow,
    );
    expect(result.status).toBe('unknown');
    expect(result.summary).toBe(
      'licenses of 3 packages were not looked up: offline',
    );
  });

  it('is unknown without a policy, even with license data', () => {
    const result = licenseCheck([
      evidence('licenses', { packages: [pkg('a', 'MIT')] }),
    ]);
    expect(result.status).toBe('unknown');
    expect(result.summary).toMatch(/no license policy is configured/);
  });

  it('is unknown without license evidence', () => {
    expect(licenseCheck([], allow).status).toBe('unknown');
  });

  it('is unknown when no package was found', () => {
    expect(
      licenseCheck([evidence('licenses', { packages: [] })], allow).status,
    ).toBe('unknown');
  });
});

describe('readiness.licenses config', () => {
  it('rejects an entry that is not one SPDX license id', () => {
    expect(() =>
      parseReadinessConfig({ licenses: { allow: ['MIT OR GPL-3.0'] } }),
    ).toThrow(/licenses\.allow\[0\]: expected an SPDX license id/);
    expect(() =>
      parseReadinessConfig({ licenses: { deny: ['not a license'] } }),
    ).toThrow(/licenses\.deny\[0\]/);
  });

  it('resolves to an empty policy by default', () => {
    expect(resolveReadinessConfig().licensePolicy).toEqual({
      allow: [],
      deny: [],
      acceptUnknown: false,
    });
  });
});
