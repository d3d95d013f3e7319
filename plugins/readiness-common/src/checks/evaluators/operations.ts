import {
  attestedOutcome,
  CheckEvaluator,
  day,
  evidenceLinkOf,
  links,
  passOutcome,
  unknownOutcome,
} from './context';
import { evaluateTargetResult } from './testing';

const dayMs = 24 * 60 * 60 * 1000;

/**
 * The service-level objectives on record: pushed, or linked from the entity.
 * An SLO is measured, so it is monitoring.
 */
function slosOnRecord(ctx: Parameters<CheckEvaluator>[0]): string[] {
  const pushed = ctx.evidence('slo');
  const catalog = ctx.evidence('catalog');
  return [
    ...(pushed.usable
      ? pushed.value.objectives.map(o => `SLO ${o.name} ${o.targetPercent}%`)
      : []),
    ...(catalog.usable ? (catalog.value.slo ?? []) : []),
  ];
}

/** `operations.monitoring`: monitoring (or an SLO) and alerting are wired. */
export const evaluateMonitoring: CheckEvaluator = ctx => {
  const catalog = ctx.evidence('catalog');
  if (!catalog.usable) {
    return unknownOutcome(catalog.reason);
  }
  const { alerting, errorTracking } = catalog.value;
  const slos = slosOnRecord(ctx);
  const monitoring = [...catalog.value.monitoring, ...slos];
  const details = [
    `monitoring: ${catalog.value.monitoring.join(', ') || 'none'}`,
    `service-level objectives: ${slos.join(', ') || 'none'}`,
    `alerting: ${alerting.join(', ') || 'none'}`,
    `error tracking: ${errorTracking.join(', ') || 'none'}`,
  ];
  const slo = ctx.evidence('slo');
  const evidenceLinks = links(
    evidenceLinkOf(catalog.evidence),
    ...(slo.usable ? [evidenceLinkOf(slo.evidence)] : []),
  );
  const missing = [
    monitoring.length === 0 && 'monitoring',
    alerting.length === 0 && 'alerting',
  ].filter((m): m is string => Boolean(m));
  if (missing.length === 0) {
    return passOutcome('monitoring and alerting are wired', {
      details,
      evidenceLinks,
    });
  }
  return {
    status: 'fail',
    summary: `no ${missing.join(' and ')} wired`,
    details,
    evidenceLinks,
    credit: (2 - missing.length) / 2,
    actions: missing.map(
      m =>
        `wire ${m} and reference it in the catalog entity (annotation) or repository configuration`,
    ),
  };
};

/** `operations.disaster-recovery`: a recent successful DR drill, or an attestation. */
export const evaluateDisasterRecovery: CheckEvaluator = ctx => {
  const attestation = ctx.currentAttestation('disaster-recovery');
  const drill = ctx.evidence('dr-drill');
  const drillLink = evidenceLinkOf(drill.evidence);
  if (attestation) {
    return attestedOutcome(attestation, [], links(drillLink));
  }
  const maxAgeDays = ctx.check.thresholds.maxAgeDays ?? 365;
  const action = `run a disaster-recovery drill and report it, or record a disaster-recovery attestation (at most every ${maxAgeDays} days)`;
  if (!drill.usable) {
    const expired = ctx.expiredAttestation('disaster-recovery');
    if (expired) {
      return {
        status: 'fail',
        summary: `the disaster-recovery attestation expired on ${day(expired.expiresAt)} and ${drill.reason}`,
        details: [expired.summary],
        evidenceLinks: links({
          title: 'expired disaster-recovery attestation',
          url: expired.evidenceLink,
        }),
        credit: 0,
        actions: [action],
      };
    }
    return unknownOutcome(
      `${drill.reason}, and no current disaster-recovery attestation`,
    );
  }
  const performedAt = drill.evidence.observedAt;
  const ageDays = (ctx.nowMs - Date.parse(performedAt)) / dayMs;
  const evidenceLinks = links(drillLink);
  if (!drill.value.succeeded) {
    return {
      status: 'fail',
      summary: `the disaster-recovery drill on ${day(performedAt)} failed`,
      details: [],
      evidenceLinks,
      credit: 0,
      actions: [
        'fix what the failed disaster-recovery drill revealed and repeat it',
      ],
    };
  }
  if (ageDays > maxAgeDays) {
    return {
      status: 'fail',
      summary: `the last disaster-recovery drill on ${day(performedAt)} is older than ${maxAgeDays} days`,
      details: [],
      evidenceLinks,
      credit: 0,
      actions: [action],
    };
  }
  return passOutcome(
    `disaster-recovery drill succeeded on ${day(performedAt)}`,
    { evidenceLinks },
  );
};

/** `operations.scalability`: a load-test result was reported and met. */
export const evaluateScalability: CheckEvaluator = ctx =>
  evaluateTargetResult(ctx.evidence('load-test'), 'load test');

/** `operations.on-call`: an on-call schedule is referenced, or attested. */
export const evaluateOnCall: CheckEvaluator = ctx => {
  const attestation = ctx.currentAttestation('on-call');
  const catalog = ctx.evidence('catalog');
  if (catalog.usable && catalog.value.onCall.length > 0) {
    return passOutcome(
      `on-call referenced: ${catalog.value.onCall.join(', ')}`,
      { evidenceLinks: links(evidenceLinkOf(catalog.evidence)) },
    );
  }
  if (attestation) {
    return attestedOutcome(attestation);
  }
  if (!catalog.usable) {
    return unknownOutcome(catalog.reason);
  }
  return {
    status: 'fail',
    summary: 'no on-call schedule or escalation policy referenced',
    details: [],
    evidenceLinks: links(evidenceLinkOf(catalog.evidence)),
    credit: 0,
    actions: [
      'reference a 24/7 on-call schedule and escalation policy in the catalog entity, or record an on-call attestation',
    ],
  };
};
