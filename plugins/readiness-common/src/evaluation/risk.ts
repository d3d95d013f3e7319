import type {
  BuiltInCheckId,
  CheckResult,
  Dimension,
  Risk,
  RiskArea,
  RiskAssessment,
  RiskLevel,
  RiskPositive,
} from '../types';
import { riskAreas } from '../types';
import { countingChecks } from './counting';

/** How a check reads in the register. */
interface RiskProfile {
  area: RiskArea;
  /** The risk when the check fails. */
  risk: string;
  /** The evidence that is missing when the check is unknown. */
  evidence: string;
  /** What is in place when the check passes. */
  inPlace: string;
  /** What is in place when the check fails with partial credit. */
  partly?: string;
  /** What is in place whenever the check has evidence, passing or not. */
  measured?: string;
}

const profiles: Record<BuiltInCheckId, RiskProfile> = {
  'build.clean': {
    area: 'delivery',
    risk: 'the system does not build',
    evidence: 'build',
    inPlace: 'the default branch builds cleanly',
  },
  'security.vulnerabilities': {
    area: 'security',
    risk: 'known vulnerabilities in locked dependencies',
    evidence: 'vulnerability scan',
    inPlace: 'no known vulnerability in locked dependencies',
    measured: 'dependencies are locked and scanned against advisories',
  },
  'quality.tests-pass': {
    area: 'reliability',
    risk: 'the tests fail',
    evidence: 'test',
    inPlace: 'the test suite passes on the default branch',
  },
  'security.audit': {
    area: 'continuity',
    risk: 'unmaintained, deprecated or yanked dependencies',
    evidence: 'dependency health',
    inPlace: 'every dependency is maintained',
  },
  'delivery.pipeline': {
    area: 'delivery',
    risk: 'no working deployment pipeline',
    evidence: 'pipeline',
    inPlace: 'a deployment pipeline runs successfully',
  },
  'quality.coverage': {
    area: 'reliability',
    risk: 'test coverage below target',
    evidence: 'coverage',
    inPlace: 'test coverage meets its target',
    partly: 'coverage is measured',
  },
  'security.hardening': {
    area: 'security',
    risk: 'security hygiene incomplete',
    evidence: 'repository',
    inPlace: 'security policy, dependency updates and code owners are set up',
    partly: 'part of the security hygiene is set up',
  },
  'operations.monitoring': {
    area: 'reliability',
    risk: 'failures may go unnoticed',
    evidence: 'monitoring',
    inPlace: 'monitoring and alerting are wired',
    partly: 'part of monitoring and alerting is wired',
  },
  'docs.complete': {
    area: 'continuity',
    risk: 'knowledge is not written down',
    evidence: 'documentation',
    inPlace: 'README, docs and runbook are written',
    partly: 'documentation is started',
  },
  'quality.benchmarks': {
    area: 'reliability',
    risk: 'performance misses its target',
    evidence: 'benchmark',
    inPlace: 'benchmarks meet their target',
  },
  'quality.tech-debt': {
    area: 'delivery',
    risk: 'technical debt slows every change',
    evidence: 'TODO marker',
    inPlace: 'technical debt is within its limit',
  },
  'compliance.requirements': {
    area: 'compliance',
    risk: 'compliance not attested',
    evidence: 'compliance',
    inPlace: 'compliance is attested',
  },
  'operations.disaster-recovery': {
    area: 'continuity',
    risk: 'recovery from disaster is untested',
    evidence: 'disaster-recovery',
    inPlace: 'disaster recovery was tested within a year',
  },
  'operations.scalability': {
    area: 'reliability',
    risk: 'load beyond today is untested',
    evidence: 'load-test',
    inPlace: 'load tests meet their target',
  },
  'security.certifications': {
    area: 'compliance',
    risk: 'no current certification',
    evidence: 'certification',
    inPlace: 'a certification is current',
  },
  'operations.on-call': {
    area: 'continuity',
    risk: 'no 24/7 on-call and escalation',
    evidence: 'on-call',
    inPlace: 'a 24/7 on-call schedule and escalation policy are referenced',
  },
  'compliance.licenses': {
    area: 'compliance',
    risk: 'dependencies under licenses the policy does not allow',
    evidence: 'license',
    inPlace: 'every dependency is under an allowed license',
  },
};

const areaOfDimension: Record<Dimension, RiskArea> = {
  build: 'delivery',
  security: 'security',
  testing: 'reliability',
  documentation: 'continuity',
  operations: 'reliability',
};

/** The check's profile; a check without one reads by its title and dimension. */
function profileOf(check: CheckResult): RiskProfile {
  const title = check.title.toLowerCase();
  return (
    (profiles as Partial<Record<string, RiskProfile>>)[check.id] ?? {
      area: areaOfDimension[check.dimension] ?? 'delivery',
      risk: `${title} fails`,
      evidence: title,
      inPlace: `${title} passes`,
    }
  );
}

const levelOrder: readonly RiskLevel[] = [
  'critical',
  'high',
  'manageable',
  'none',
];

/**
 * A failing check's level: critical when a blocker fails, high when a
 * production (or lower) check fails, manageable for enterprise checks.
 */
function failureLevel(check: CheckResult): Risk['level'] {
  if (check.severity === 'blocker') {
    return 'critical';
  }
  return check.tier === 'enterprise' ? 'manageable' : 'high';
}

/**
 * An unknown check may hide a failure one level below what the failure would
 * be: an unknown blocker is high, never none, since unknown is never pass.
 */
function unverifiedLevel(check: CheckResult): Risk['level'] {
  return check.severity === 'blocker' ? 'high' : 'manageable';
}

function unverifiedRisks(unknown: readonly CheckResult[]): Risk[] {
  const groups = new Map<string, Risk>();
  for (const check of unknown) {
    const { area, evidence } = profileOf(check);
    const level = unverifiedLevel(check);
    const key = `${area}/${level}`;
    const group = groups.get(key);
    if (group) {
      group.checks.push(check.id);
      group.statement += `, no ${evidence} evidence`;
    } else {
      groups.set(key, {
        area,
        level,
        statement: `unverified: no ${evidence} evidence`,
        checks: [check.id],
        unverified: true,
      });
    }
  }
  return [...groups.values()];
}

function positivesOf(check: CheckResult): RiskPositive[] {
  const profile = profileOf(check);
  const positive = (statement: string) => ({
    area: profile.area,
    statement,
    checks: [check.id],
  });
  if (check.status === 'pass') {
    return [positive(profile.inPlace)];
  }
  if (check.status !== 'fail') {
    return [];
  }
  return [
    ...(profile.measured ? [positive(profile.measured)] : []),
    ...(profile.partly && check.credit > 0
      ? [positive(`${profile.partly}: ${check.summary}`)]
      : []),
  ];
}

const areaRank = (area: RiskArea) => riskAreas.indexOf(area);

/**
 * The risk register: failing checks as risks (critical when a blocker fails,
 * high when a production check fails, manageable when an enterprise check
 * fails), unknown checks as unverified risks one level lower (so an entity
 * whose blockers are only unknown is high, never none), and passing checks as
 * what is in place. Waived checks are accepted risks and not listed.
 *
 * @public
 */
export function assessRisk(checks: readonly CheckResult[]): RiskAssessment {
  const counted = countingChecks(checks);
  const failures: Risk[] = counted
    .filter(c => c.status === 'fail')
    .map(check => ({
      area: profileOf(check).area,
      level: failureLevel(check),
      statement: `${profileOf(check).risk}: ${check.summary}`,
      checks: [check.id],
      unverified: false,
    }));
  const risks = [
    ...failures,
    ...unverifiedRisks(counted.filter(c => c.status === 'unknown')),
  ].sort(
    (a, b) =>
      levelOrder.indexOf(a.level) - levelOrder.indexOf(b.level) ||
      areaRank(a.area) - areaRank(b.area) ||
      Number(a.unverified) - Number(b.unverified),
  );
  const level = risks[0]?.level ?? 'none';
  const atLevel = new Set(
    risks.filter(r => r.level === level).flatMap(r => r.checks),
  );
  return {
    level,
    contributors: counted.map(c => c.id).filter(id => atLevel.has(id)),
    risks,
    inPlace: counted
      .flatMap(positivesOf)
      .sort((a, b) => areaRank(a.area) - areaRank(b.area)),
  };
}
