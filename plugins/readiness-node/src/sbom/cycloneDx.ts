import {
  type Evidence,
  type EvidenceOf,
  type InventoryPackage,
  latestEvidenceByKey,
  type ReadinessReport,
  type VulnerabilityFinding,
} from '@readiness/plugin-readiness-common';
import { randomUUID } from 'node:crypto';
import { packageKey } from '../advisories/packageKey';
import { purlOf } from './purl';

/**
 * A CycloneDX 1.6 JSON document, as {@link buildCycloneDxSbom} writes it.
 *
 * @public
 */
export interface CycloneDxBom {
  bomFormat: 'CycloneDX';
  specVersion: '1.6';
  /** `urn:uuid:…`, new for each document. */
  serialNumber: string;
  version: 1;
  /** The entity, the time of its report, and Readiness's verdict as properties. */
  metadata: Record<string, unknown>;
  /** One per locked package. */
  components: Array<Record<string, unknown>>;
  /** One per advisory affecting a locked package. */
  vulnerabilities: Array<Record<string, unknown>>;
  /** One entry: whether the inventory is `complete`, `incomplete` or `unknown`. */
  compositions: Array<{ aggregate: string }>;
}

/**
 * What {@link buildCycloneDxSbom} describes: an entity's report and the
 * evidence it was evaluated from.
 *
 * @public
 */
export interface CycloneDxSbomInput {
  report: ReadinessReport;
  evidence: readonly Evidence[];
  /** `urn:uuid:…`; a random one by default. */
  serialNumber?: string;
}

type Property = { name: string; value: string };

const SEVERITIES = new Set(['critical', 'high', 'medium', 'low', 'unknown']);

/** The database an advisory id comes from, by its prefix. */
function advisorySource(id: string): { name: string } {
  const prefix = /^[A-Z]+/.exec(id)?.[0];
  return { name: prefix === 'GHSA' ? 'GitHub' : (prefix ?? 'OSV') };
}

/**
 * The CycloneDX 1.6 SBOM of an entity: one component per locked package
 * (ecosystem, name, version) with its package URL, scope (`excluded` for
 * development only, `required` for production) and, as occurrences, the
 * lockfiles that lock it; the known vulnerabilities affecting them; and
 * Readiness's tier, score and stop-work state as properties. The
 * composition is `complete` only when every lockfile was read and every
 * package has a version; otherwise `incomplete`, or `unknown` without an
 * inventory. Used by `readiness scan --format cyclonedx` and by the
 * backend's `…/sbom` route, so both write the same document.
 *
 * @public
 */
export function buildCycloneDxSbom(input: CycloneDxSbomInput): CycloneDxBom {
  const { report } = input;
  // The scan the report counted: a collector's outranks a pushed SBOM's.
  const scan = latestEvidenceByKey(input.evidence, report.evaluatedAt).get(
    'vulnerabilities',
  ) as EvidenceOf<'vulnerabilities'> | undefined;
  const value = scan?.value;
  const inventory: InventoryPackage[] = value?.inventory ?? [];

  const refs = new Map<string, string>();
  const used = new Set<string>();
  const components = inventory.map(pkg => {
    const purl = purlOf(pkg);
    let ref = purl ?? `${pkg.ecosystem}:${pkg.name}@${pkg.version}`;
    for (let n = 2; used.has(ref); n++) ref = `${purl}#${n}`;
    used.add(ref);
    refs.set(packageKey(pkg), ref);
    return {
      type: 'library',
      'bom-ref': ref,
      name: pkg.name,
      version: pkg.version,
      ...(purl ? { purl } : {}),
      ...(pkg.dev === undefined
        ? {}
        : { scope: pkg.dev ? 'excluded' : 'required' }),
      properties: [{ name: 'readiness:ecosystem', value: pkg.ecosystem }],
      evidence: { occurrences: pkg.files.map(location => ({ location })) },
    };
  });

  const unknown: Property[] = [
    ...(value?.unpinned ?? []).map(u => ({
      name: 'readiness:unknown-package',
      value: `${u.file}: ${u.name}`,
    })),
    ...(value?.unreadable ?? []).map(u => ({
      name: 'readiness:unreadable',
      value: `${u.file}: ${u.reason}`,
    })),
  ];
  let aggregate = 'unknown';
  if (value?.inventory) {
    const complete =
      !value.inventoryTruncated &&
      value.unreadable.length === 0 &&
      value.unpinned.length === 0;
    aggregate = complete ? 'complete' : 'incomplete';
  }

  const name = report.entityRef.slice(report.entityRef.lastIndexOf('/') + 1);
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: input.serialNumber ?? `urn:uuid:${randomUUID()}`,
    version: 1,
    metadata: {
      timestamp: report.evaluatedAt,
      tools: { components: [{ type: 'application', name: 'Readiness' }] },
      component: { type: 'application', 'bom-ref': report.entityRef, name },
      properties: [
        { name: 'readiness:tier', value: report.tier ?? 'none' },
        { name: 'readiness:score', value: String(report.score.overall) },
        {
          name: 'readiness:stop-work',
          value: report.stopWork.active ? 'active' : 'inactive',
        },
        { name: 'readiness:stale', value: String(report.stale) },
        ...(scan
          ? [{ name: 'readiness:scanned-at', value: scan.observedAt }]
          : []),
        ...(scan?.error
          ? [{ name: 'readiness:scan-error', value: scan.error }]
          : []),
        ...unknown,
      ],
    },
    components,
    vulnerabilities: vulnerabilitiesOf(value?.findings ?? [], refs),
    compositions: [{ aggregate }],
  };
}

/** One entry per advisory, affecting every locked version it names. */
function vulnerabilitiesOf(
  findings: readonly VulnerabilityFinding[],
  refs: Map<string, string>,
): Array<Record<string, unknown>> {
  const byId = new Map<
    string,
    Record<string, unknown> & { affects: Array<{ ref: string }> }
  >();
  for (const finding of findings) {
    const pkg = {
      ecosystem: finding.ecosystem,
      name: finding.packageName,
      version: finding.version,
    };
    const ref =
      refs.get(packageKey(pkg)) ??
      purlOf(pkg) ??
      `${pkg.ecosystem}:${pkg.name}@${pkg.version}`;
    const seen = byId.get(finding.advisoryId);
    if (seen) {
      if (!seen.affects.some(a => a.ref === ref)) seen.affects.push({ ref });
      continue;
    }
    byId.set(finding.advisoryId, {
      'bom-ref': `vulnerability:${finding.advisoryId}`,
      id: finding.advisoryId,
      source: { ...advisorySource(finding.advisoryId), url: finding.link },
      ...(finding.aliases.length > 0
        ? {
            references: finding.aliases.map(id => ({
              id,
              source: advisorySource(id),
            })),
          }
        : {}),
      ratings: [
        {
          severity: SEVERITIES.has(finding.severity)
            ? finding.severity
            : 'unknown',
          ...(finding.cvssScore === undefined
            ? {}
            : { score: finding.cvssScore }),
        },
      ],
      description: finding.summary,
      ...(finding.nearestFixed
        ? { recommendation: `Upgrade to ${finding.nearestFixed} or later.` }
        : {}),
      affects: [{ ref }],
    });
  }
  return [...byId.values()];
}
