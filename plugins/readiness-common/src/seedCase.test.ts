import { evaluateReadiness } from './evaluation/evaluateReadiness';
import { daysFromNow, NOW } from './testUtils/fixtures';
import { seedCaseEvidence, seedCaseFindings } from './testUtils/seedCase';
import type { Evidence, VulnerabilityFinding } from './types';

const { rsa, sqlx } = seedCaseFindings;

// Fresh for 30 days: the seed case is about what the evidence says, not its age.
function seedEvidence(options: {
  compilationErrors: number;
  findings: VulnerabilityFinding[];
  observedAt: string;
}): Evidence[] {
  return seedCaseEvidence({ ...options, staleAfter: daysFromNow(30) });
}

describe('seed case: the incident report', () => {
  const first = evaluateReadiness({
    entityRef: 'component:default/legacy-billing',
    evidence: seedEvidence({
      compilationErrors: 97,
      findings: [rsa, sqlx],
      observedAt: daysFromNow(-1),
    }),
    now: NOW,
  });

  it('achieves no tier', () => {
    expect(first.tier).toBeNull();
    expect(first.tiers.every(t => !t.achieved)).toBe(true);
  });

  it('raises a stop-work order for exactly the four failing blockers', () => {
    expect(first.stopWork.active).toBe(true);
    expect(first.stopWork.automatic).toBe(true);
    expect([...first.stopWork.blockers].sort()).toEqual(
      [
        'build.clean',
        'delivery.pipeline',
        'security.audit',
        'security.vulnerabilities',
      ].sort(),
    );
    expect(first.stopWork.since).toBe(NOW);
    // Tests are unknown (no evidence): they must not raise stop-work.
    expect(first.checks.find(c => c.id === 'quality.tests-pass')?.status).toBe(
      'unknown',
    );
  });

  it('is critical risk', () => {
    expect(first.risk.level).toBe('critical');
  });

  it('has a register with critical, high and manageable risks by area, and what is in place', () => {
    const levels = (level: string) =>
      first.risk.risks.filter(r => r.level === level).map(r => r.checks);
    expect(levels('critical')).toEqual([
      ['security.vulnerabilities'],
      ['security.audit'],
      ['build.clean'],
      ['delivery.pipeline'],
    ]);
    expect(levels('high')).toEqual(
      expect.arrayContaining([['quality.tech-debt'], ['docs.complete']]),
    );
    expect(levels('manageable')).toEqual(
      expect.arrayContaining([['compliance.requirements']]),
    );
    expect(first.risk.risks).toContainEqual(
      expect.objectContaining({
        area: 'reliability',
        level: 'high',
        statement: 'unverified: no test evidence',
      }),
    );
    expect(first.risk.inPlace.map(p => p.statement)).toContain(
      'dependencies are locked and scanned against advisories',
    );
  });

  it("plans the seed's phases: immediate 0-24 h, stabilise weeks 1-2, production weeks 3-4, enterprise weeks 5-8", () => {
    expect(
      first.remediation.phases.map(p => [p.phase, p.startsAt, p.dueAt]),
    ).toEqual([
      ['immediate', NOW, daysFromNow(1)],
      ['stabilise', NOW, daysFromNow(14)],
      ['production', daysFromNow(14), daysFromNow(28)],
      ['enterprise', daysFromNow(28), daysFromNow(56)],
    ]);
  });

  it('plans a stabilise phase with concrete actions', () => {
    const emergency = first.remediation.phases.find(
      p => p.phase === 'stabilise',
    );
    const actions = emergency?.items.map(i => i.action) ?? [];
    expect(actions).toContain(
      'upgrade sqlx to 0.8.1 or later (RUSTSEC-2024-0363)',
    );
    expect(actions).toContain(
      'replace rsa or mitigate RUSTSEC-2023-0071: no fixed version exists',
    );
    expect(actions).toContain('replace yaml-rust (unmaintained)');
    expect(actions).toContain('replace paste (unmaintained)');
    expect(actions).toContain('fix the 97 compilation errors on main');
    expect(actions.some(a => a.startsWith('add a deployment pipeline'))).toBe(
      true,
    );
  });

  it('gives documentation partial credit for the README', () => {
    expect(first.score.dimensions.documentation).toBeGreaterThan(0);
    expect(first.score.dimensions.documentation).toBeLessThan(100);
  });

  it('counts the sqlx finding without severity as a vulnerability', () => {
    const check = first.checks.find(c => c.id === 'security.vulnerabilities');
    expect(check?.status).toBe('fail');
    expect(check?.counters).toEqual({ vulnerabilities: 2 });
    expect(check?.details).toEqual(
      expect.arrayContaining([
        expect.stringContaining('sqlx 0.7.2 in Cargo.lock (severity unknown)'),
        expect.stringContaining('rsa 0.9.8 in Cargo.lock (medium, CVSS 5.9)'),
      ]),
    );
    expect(check?.evidenceLinks).toEqual(
      expect.arrayContaining([
        {
          title: 'RUSTSEC-2024-0363',
          url: 'https://osv.dev/vulnerability/RUSTSEC-2024-0363',
        },
      ]),
    );
  });

  it('shows progress on a later evaluation, keeping the start time', () => {
    const later = daysFromNow(3);
    const second = evaluateReadiness({
      entityRef: 'component:default/legacy-billing',
      evidence: seedEvidence({
        compilationErrors: 40,
        findings: [rsa],
        observedAt: daysFromNow(2),
      }),
      previousStopWork: first.stopWork,
      now: later,
    });
    expect(second.stopWork.active).toBe(true);
    expect(second.stopWork.since).toBe(first.stopWork.since);
    expect(second.stopWork.countsAtStart).toMatchObject({
      compilationErrors: 97,
      vulnerabilities: 2,
    });
    const labels = second.stopWork.progress.map(p => p.label);
    expect(labels).toContain('compilation errors resolved 57/97');
    expect(labels).toContain('vulnerabilities patched 1/2');
    expect(second.evaluatedAt).toBe(later);
  });
});
