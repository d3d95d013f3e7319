import type { PackageLicense } from '../../types';
import { judgeLicense } from '../licenses';
import {
  type CheckEvaluator,
  evidenceLinkOf,
  links,
  passOutcome,
  plural,
  unknownOutcome,
} from './context';

// Keep summaries to one line; details list everything.
const maxNamedInSummary = 3;
const maxDetails = 200;

function namedList(items: string[]): string {
  const named = items.slice(0, maxNamedInSummary).join(', ');
  const rest = items.length - maxNamedInSummary;
  return rest > 0 ? `${named} and ${rest} more` : named;
}

function label(pkg: PackageLicense): string {
  return `${pkg.name} ${pkg.version}`;
}

function bounded(lines: string[]): string[] {
  return lines.length > maxDetails
    ? [...lines.slice(0, maxDetails), `and ${lines.length - maxDetails} more`]
    : lines;
}

/**
 * `compliance.licenses`: every locked package has a known license that the
 * policy (`readiness.licenses`) allows. A package whose license is unknown
 * makes the check unknown, naming it, unless the policy accepts unknown
 * licenses; no policy or no license evidence is unknown, never pass.
 */
export const evaluateLicenses: CheckEvaluator = ctx => {
  const policy = ctx.licensePolicy;
  const licenses = ctx.evidence('licenses');
  if (!licenses.usable) {
    return unknownOutcome(licenses.reason);
  }
  const evidenceLinks = links(evidenceLinkOf(licenses.evidence));
  if (policy.allow.length === 0 && policy.deny.length === 0) {
    return unknownOutcome(
      'no license policy is configured (readiness.licenses.allow or deny)',
      {
        evidenceLinks,
        actions: [
          'configure readiness.licenses.allow or readiness.licenses.deny',
        ],
      },
    );
  }
  const { packages } = licenses.value;
  const denied: PackageLicense[] = [];
  const notAllowed: PackageLicense[] = [];
  const unknown: PackageLicense[] = [];
  for (const pkg of packages) {
    const verdict = judgeLicense(pkg.license, policy);
    if (verdict === 'denied') denied.push(pkg);
    else if (verdict === 'not-allowed') notAllowed.push(pkg);
    else if (verdict === 'unknown') unknown.push(pkg);
  }
  const counters = {
    packages: packages.length,
    'licenses-denied': denied.length,
    'licenses-not-allowed': notAllowed.length,
    'licenses-unknown': unknown.length,
  };
  const unknownDetails = unknown.map(
    pkg =>
      `${label(pkg)} (${pkg.ecosystem}): license ${
        pkg.license ? `"${pkg.license}" is not an SPDX expression` : 'unknown'
      }`,
  );
  const gaps = [
    ...(licenses.value.unchecked ?? []).map(
      u =>
        `licenses of ${plural(u.packages, 'package')} were not looked up: ${u.reason}`,
    ),
    ...(licenses.value.truncated
      ? ['more packages are locked than the evidence lists']
      : []),
  ];

  const violations = [...denied, ...notAllowed];
  if (violations.length > 0) {
    return {
      status: 'fail',
      summary: `${plural(violations.length, 'package')} under a license the policy does not allow: ${namedList(
        violations.map(p => `${label(p)} (${p.license})`),
      )}`,
      details: bounded([
        ...denied.map(
          p => `${label(p)} (${p.ecosystem}): ${p.license} is denied`,
        ),
        ...notAllowed.map(
          p =>
            `${label(p)} (${p.ecosystem}): ${p.license} is not in the allow list`,
        ),
        ...unknownDetails,
        ...gaps,
      ]),
      evidenceLinks,
      credit: 0,
      counters,
      actions: bounded(
        violations.map(
          p =>
            `replace ${p.name} (${p.license}) or have its license approved in readiness.licenses.allow`,
        ),
      ),
    };
  }
  if (!policy.acceptUnknown && (unknown.length > 0 || gaps.length > 0)) {
    const summary =
      unknown.length > 0
        ? `license unknown for ${plural(unknown.length, 'package')}: ${namedList(unknown.map(label))}`
        : gaps[0];
    return unknownOutcome(summary, {
      details: bounded([...unknownDetails, ...gaps]),
      evidenceLinks,
      counters,
      actions: [
        'publish an SBOM with licenses, let the collector reach the package registries, or set readiness.licenses.acceptUnknown',
      ],
    });
  }
  if (packages.length === 0) {
    return unknownOutcome(
      'no locked packages were found to check licenses of',
      {
        evidenceLinks,
        actions: ['commit a lockfile or an SBOM'],
      },
    );
  }
  return passOutcome(
    `${plural(packages.length - unknown.length, 'package')} under allowed licenses${
      unknown.length > 0
        ? `; ${plural(unknown.length, 'unknown license')} accepted`
        : ''
    }`,
    {
      details: bounded([...unknownDetails, ...gaps]),
      evidenceLinks,
      counters,
    },
  );
};
