import {
  type Finding,
  isWaiverInForce,
  openVexContext,
  type OpenVexDocument,
  type OpenVexStatement,
  type VexJustification,
  type Waiver,
  waiverCoversFinding,
} from '@readiness/plugin-readiness-common';
import { randomUUID } from 'node:crypto';
import { packageFromPurl, purlOf } from '../sbom/purl';

/**
 * A package of an entity a VEX statement can name: from its inventory or
 * its findings.
 *
 * @public
 */
export interface VexPackage {
  ecosystem: string;
  name: string;
  version?: string;
}

/**
 * What one `not_affected` statement waives on one of the entity's packages.
 *
 * @public
 */
export interface VexWaiverScope {
  /** Index of the statement in the document. */
  statement: number;
  /** The vulnerability's name, then its aliases. */
  advisories: string[];
  /** The package, named as findings name it. */
  package: string;
  /** The package URL the statement named it by. */
  product: string;
  justification?: VexJustification;
  impactStatement?: string;
}

/**
 * The result of {@link readOpenVexWaivers}.
 *
 * @public
 */
export interface VexWaiverScopes {
  scopes: VexWaiverScope[];
  /** Statements that waive nothing, and why; no text of the document. */
  skipped: Array<{ statement: number; reason: string }>;
}

/** Every package URL a statement's product names, subcomponents included. */
function productPurls(statement: OpenVexStatement): string[] {
  return statement.products.flatMap(product =>
    [product, ...(product.subcomponents ?? [])].flatMap(component =>
      [component['@id'], component.identifiers?.purl].filter(
        (id): id is string => id !== undefined && id.startsWith('pkg:'),
      ),
    ),
  );
}

/**
 * Reads the `not_affected` statements of a validated OpenVEX document into
 * waiver scopes: exactly the advisories each names (its name and aliases),
 * on each of the entity's packages a product or subcomponent names by
 * package URL (ecosystem and name; the version too when the URL has one).
 * Other statuses, and products that are none of the entity's packages,
 * waive nothing.
 *
 * @public
 */
export function readOpenVexWaivers(
  document: OpenVexDocument,
  packages: readonly VexPackage[],
): VexWaiverScopes {
  const scopes: VexWaiverScope[] = [];
  const skipped: VexWaiverScopes['skipped'] = [];
  document.statements.forEach((statement, index) => {
    if (statement.status !== 'not_affected') {
      skipped.push({
        statement: index,
        reason: `status ${statement.status} waives nothing`,
      });
      return;
    }
    const seen = new Set<string>();
    for (const purl of productPurls(statement)) {
      const named = packageFromPurl(purl);
      if ('unknown' in named) {
        continue;
      }
      const match = packages.find(
        p =>
          p.ecosystem === named.ecosystem &&
          p.name === named.name &&
          (named.version === undefined || p.version === named.version),
      );
      if (!match || seen.has(match.name)) {
        continue;
      }
      seen.add(match.name);
      scopes.push({
        statement: index,
        advisories: [
          ...new Set([
            statement.vulnerability.name,
            ...(statement.vulnerability.aliases ?? []),
          ]),
        ],
        package: match.name,
        product: purl,
        ...(statement.justification
          ? { justification: statement.justification }
          : {}),
        ...(statement.impact_statement?.trim()
          ? { impactStatement: statement.impact_statement.trim() }
          : {}),
      });
    }
    if (seen.size === 0) {
      skipped.push({
        statement: index,
        reason: 'no product is a package of this entity',
      });
    }
  });
  return { scopes, skipped };
}

/**
 * Options of {@link buildOpenVex}.
 *
 * @public
 */
export interface BuildOpenVexOptions {
  entityRef: string;
  waivers: readonly Waiver[];
  /** The entity's findings, to name the products of waivers not from VEX. */
  findings: readonly Finding[];
  /** ISO time of the document. */
  now: string;
  /** `urn:uuid:…`; a random one by default. */
  id?: string;
}

/**
 * The entity's waivers as an OpenVEX 0.2.0 document: one `not_affected`
 * statement per approved, current waiver that names advisories, on the
 * product it was imported for, else on the packages of the findings it
 * covers. Whole-check waivers name no vulnerability, so they are not VEX.
 *
 * @public
 */
export function buildOpenVex(options: BuildOpenVexOptions): OpenVexDocument {
  const nowMs = Date.parse(options.now);
  const statements: OpenVexStatement[] = [];
  for (const waiver of options.waivers) {
    if (!waiver.advisories || !isWaiverInForce(waiver, nowMs)) {
      continue;
    }
    const products = waiver.vex
      ? [waiver.vex.product]
      : [
          ...new Set(
            options.findings
              .filter(
                f =>
                  f.kind === 'vulnerability' && waiverCoversFinding(waiver, f),
              )
              .map(f =>
                purlOf({
                  ecosystem: f.ecosystem,
                  name: f.package,
                  version: f.version,
                }),
              )
              .filter((purl): purl is string => purl !== undefined),
          ),
        ];
    if (products.length === 0) {
      continue;
    }
    const [name, ...aliases] = waiver.advisories;
    statements.push({
      vulnerability: { name, ...(aliases.length > 0 ? { aliases } : {}) },
      timestamp: waiver.decidedAt ?? waiver.createdAt,
      products: products.map(purl => ({ '@id': purl })),
      status: 'not_affected',
      ...(waiver.vex?.justification
        ? { justification: waiver.vex.justification }
        : {}),
      impact_statement: waiver.reason,
    });
  }
  return {
    '@context': openVexContext,
    '@id': options.id ?? `urn:uuid:${randomUUID()}`,
    author: `Readiness waivers of ${options.entityRef}`,
    timestamp: options.now,
    version: 1,
    tooling: 'Readiness',
    statements,
  };
}
