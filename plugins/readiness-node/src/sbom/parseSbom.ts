import { readXml, XmlSyntaxError, type XmlElement } from '../coverage/xml';
import {
  fail,
  isRecord,
  own,
  parseJson,
  type ParsedLockfile,
  type RawPackage,
  stringField,
} from '../lockfiles/util';
import { packageFromPurl, withoutVPrefix } from './purl';

/** Unknown entries quote the document: short, so evidence stays bounded. */
function short(text: string): string {
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

/**
 * SBOM file names read as inventory sources: CycloneDX's recommended
 * `bom.json` / `bom.xml` and `*.cdx.json` / `*.cdx.xml`, SPDX's
 * `*.spdx.json`, and `sbom.json` / `sbom.xml` / `*.sbom.json` /
 * `*.sbom.xml`. A JSON file is CycloneDX or SPDX by its content.
 */
const SBOM_NAME =
  /^(?:(?:bom|sbom)\.(?:json|xml)|.+\.(?:cdx|sbom)\.(?:json|xml)|.+\.spdx\.json)$/;

/**
 * Whether a file name (not a path) is one of the SBOM names read as an
 * inventory source.
 */
export function isSbomName(base: string): boolean {
  return SBOM_NAME.test(base.toLowerCase());
}

/** Glob patterns of the SBOM names, for repository read filters. */
export const sbomGlobs: readonly string[] = Object.freeze([
  '**/bom.json',
  '**/bom.xml',
  '**/sbom.json',
  '**/sbom.xml',
  '**/*.cdx.json',
  '**/*.cdx.xml',
  '**/*.sbom.json',
  '**/*.sbom.xml',
  '**/*.spdx.json',
]);

/**
 * Reads an SBOM's packages: CycloneDX JSON or XML (1.2 to 1.7; nested
 * components count; the described subject, `metadata.component`, does not)
 * or SPDX 2.x JSON (every package but those the document describes). A
 * component is a package only through its package URL, read with
 * `packageurl-js`; one without a package URL, without a version, or of an
 * ecosystem Readiness cannot match is listed as unknown (unpinned), by
 * its package URL or name.
 */
export function parseSbom(content: string, file: string): ParsedLockfile {
  if (file.toLowerCase().endsWith('.xml')) {
    return parseCycloneDxXml(content);
  }
  const doc = parseJson(content);
  if (!isRecord(doc)) fail('expected a JSON object at the top level');
  if (own(doc, 'bomFormat') === 'CycloneDX') {
    return parseCycloneDxJson(doc);
  }
  if (typeof own(doc, 'spdxVersion') === 'string') {
    return parseSpdxJson(doc);
  }
  return fail('not a CycloneDX or SPDX document');
}

interface SbomComponent {
  /** How the component is named in an unknown entry when it has no URL. */
  label: string;
  purl?: string;
  version?: string;
  dev: boolean | undefined;
  license?: string;
}

/** One entry of a CycloneDX `licenses` list: an expression, or a license by id or name. */
interface LicenseChoice {
  expression?: string;
  id?: string;
  name?: string;
}

/**
 * A CycloneDX component's license as one expression: its `expression`, or
 * its licenses joined with AND (each must be complied with). A license
 * given only by name is kept as written, so the check reports it unknown
 * unless it is an SPDX id.
 */
function cycloneDxLicense(choices: LicenseChoice[]): string | undefined {
  const parts = choices
    .map(c => c.expression ?? c.id ?? c.name)
    .filter((part): part is string => Boolean(part?.trim()))
    .map(part => part.trim());
  if (parts.length <= 1) return parts[0];
  return parts
    .map(part => (/\s/.test(part) ? `(${part})` : part))
    .join(' AND ');
}

/** SPDX's concluded license, else the declared one; NOASSERTION and NONE say nothing. */
function spdxLicense(pkg: Record<string, unknown>): string | undefined {
  for (const field of ['licenseConcluded', 'licenseDeclared']) {
    const value = stringField(pkg, field)?.trim();
    if (value && value !== 'NOASSERTION' && value !== 'NONE') return value;
  }
  return undefined;
}

function checkSpecVersion(version: unknown) {
  const minor = /^1\.(\d{1,2})$/.exec(
    typeof version === 'string' ? version : '',
  );
  if (!minor || Number(minor[1]) < 2) {
    fail(
      `CycloneDX specVersion ${String(version).slice(0, 20)} is not supported (1.2 to 1.7)`,
    );
  }
}

/**
 * CycloneDX `scope`: `excluded` is for tests and builds, `required` ships.
 * Without one, cyclonedx-npm marks development packages with the property
 * `cdx:npm:package:development`.
 */
function devOf(scope: unknown, development: unknown): boolean | undefined {
  if (scope === 'excluded') return true;
  if (scope === 'required') return false;
  return development === 'true' ? true : undefined;
}

const NPM_DEVELOPMENT = 'cdx:npm:package:development';

function parseCycloneDxJson(doc: Record<string, unknown>): ParsedLockfile {
  checkSpecVersion(own(doc, 'specVersion'));
  const components: SbomComponent[] = [];
  // An explicit stack: nesting depth is the document's choice.
  const stack: unknown[] = [own(doc, 'components') ?? []];
  while (stack.length > 0) {
    const list = stack.pop();
    if (!Array.isArray(list)) fail('components is not an array');
    for (const entry of list as unknown[]) {
      if (!isRecord(entry)) fail('a component is not an object');
      const record = entry as Record<string, unknown>;
      components.push({
        label:
          stringField(record, 'name') ??
          stringField(record, 'bom-ref') ??
          'a component without a name',
        purl: stringField(record, 'purl'),
        version: stringField(record, 'version'),
        license: cycloneDxLicense(
          records(own(record, 'licenses'), 'licenses').map(choice => {
            const license = own(choice, 'license');
            return {
              expression: stringField(choice, 'expression'),
              id: isRecord(license) ? stringField(license, 'id') : undefined,
              name: isRecord(license)
                ? stringField(license, 'name')
                : undefined,
            };
          }),
        ),
        dev: devOf(
          own(record, 'scope'),
          records(own(record, 'properties'), 'properties').find(
            p => own(p, 'name') === NPM_DEVELOPMENT,
          )?.value,
        ),
      });
      const nested = own(record, 'components');
      if (nested !== undefined) stack.push(nested);
    }
  }
  return toParsed(components);
}

function localName(element: XmlElement): string {
  return element.name.slice(element.name.indexOf(':') + 1);
}

function childText(element: XmlElement, name: string): string | undefined {
  const child = element.children.find(c => localName(c) === name);
  return child?.text?.trim() || undefined;
}

function parseCycloneDxXml(content: string): ParsedLockfile {
  let root: XmlElement;
  try {
    root = readXml(content, { keepText: true });
  } catch (error) {
    if (error instanceof XmlSyntaxError)
      fail(`invalid XML at ${error.message}`);
    throw error;
  }
  const namespace = root.attributes.get('xmlns') ?? '';
  const version = /^http:\/\/cyclonedx\.org\/schema\/bom\/(\d+\.\d+)$/.exec(
    namespace,
  );
  if (localName(root) !== 'bom' || !version) {
    fail('not a CycloneDX document (no bom element in a CycloneDX namespace)');
  }
  checkSpecVersion(version![1]);
  const components: SbomComponent[] = [];
  const stack = root.children.filter(c => localName(c) === 'components');
  while (stack.length > 0) {
    const list = stack.pop()!;
    for (const element of list.children) {
      if (localName(element) !== 'component') continue;
      components.push({
        label:
          childText(element, 'name') ??
          element.attributes.get('bom-ref') ??
          'a component without a name',
        purl: childText(element, 'purl'),
        version: childText(element, 'version'),
        license: cycloneDxLicense(
          element.children
            .filter(c => localName(c) === 'licenses')
            .flatMap(c => c.children)
            .map(choice =>
              localName(choice) === 'expression'
                ? { expression: choice.text?.trim() || undefined }
                : {
                    id: childText(choice, 'id'),
                    name: childText(choice, 'name'),
                  },
            ),
        ),
        dev: devOf(
          childText(element, 'scope'),
          element.children
            .filter(c => localName(c) === 'properties')
            .flatMap(c => c.children)
            .find(c => c.attributes.get('name') === NPM_DEVELOPMENT)
            ?.text?.trim(),
        ),
      });
      for (const child of element.children) {
        if (localName(child) === 'components') stack.push(child);
      }
    }
  }
  return toParsed(components);
}

/** SPDX relationship types that make a package a development-only one. */
const DEV_RELATIONSHIPS = new Set([
  'DEV_DEPENDENCY_OF',
  'TEST_DEPENDENCY_OF',
  'BUILD_DEPENDENCY_OF',
  'DEV_TOOL_OF',
  'TEST_TOOL_OF',
]);
const RUNTIME_RELATIONSHIPS = new Set([
  'DEPENDENCY_OF',
  'RUNTIME_DEPENDENCY_OF',
]);

function records(value: unknown, what: string): Record<string, unknown>[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(`${what} is not an array`);
  return (value as unknown[]).filter(isRecord);
}

function parseSpdxJson(doc: Record<string, unknown>): ParsedLockfile {
  const version = stringField(doc, 'spdxVersion')!;
  if (!/^SPDX-2\.\d$/.test(version)) {
    fail(`${version.slice(0, 20)} is not supported (SPDX-2.x JSON)`);
  }
  const described = new Set<string>();
  const describes = own(doc, 'documentDescribes');
  if (Array.isArray(describes)) {
    for (const id of describes) if (typeof id === 'string') described.add(id);
  }
  const dev = new Set<string>();
  const runtime = new Set<string>();
  for (const relation of records(own(doc, 'relationships'), 'relationships')) {
    const type = own(relation, 'relationshipType');
    const from = stringField(relation, 'spdxElementId');
    const to = stringField(relation, 'relatedSpdxElement');
    if (type === 'DESCRIBES' && from === 'SPDXRef-DOCUMENT' && to) {
      described.add(to);
    } else if (typeof type === 'string' && from) {
      if (DEV_RELATIONSHIPS.has(type)) dev.add(from);
      if (RUNTIME_RELATIONSHIPS.has(type)) runtime.add(from);
    }
  }

  const components: SbomComponent[] = [];
  for (const pkg of records(own(doc, 'packages'), 'packages')) {
    const id = stringField(pkg, 'SPDXID') ?? '';
    if (described.has(id)) continue;
    const purls = records(own(pkg, 'externalRefs'), 'externalRefs')
      .filter(ref => own(ref, 'referenceType') === 'purl')
      .map(ref => stringField(ref, 'referenceLocator'))
      .filter((purl): purl is string => Boolean(purl));
    const common = {
      label: stringField(pkg, 'name') ?? (id || 'a package without a name'),
      version: stringField(pkg, 'versionInfo'),
      license: spdxLicense(pkg),
      dev: runtime.has(id) ? false : dev.has(id) || undefined,
    };
    if (purls.length === 0) components.push(common);
    for (const purl of purls) components.push({ ...common, purl });
  }
  return toParsed(components);
}

/** Unknown components named one by one; the rest are counted, so evidence stays small. */
const MAX_UNKNOWN_LISTED = 1000;

/** Components to packages; those that cannot be matched are unknown. */
function toParsed(components: SbomComponent[]): ParsedLockfile {
  const packages: RawPackage[] = [];
  const unpinned: string[] = [];
  for (const component of components) {
    if (!component.purl) {
      unpinned.push(`${short(component.label)} (no package URL)`);
      continue;
    }
    const pkg = packageFromPurl(component.purl);
    if ('unknown' in pkg) {
      unpinned.push(`${short(component.purl)} (${pkg.unknown})`);
      continue;
    }
    const version =
      pkg.version ??
      (component.version && withoutVPrefix(pkg.ecosystem, component.version));
    if (!version) {
      unpinned.push(`${short(component.purl)} (no version)`);
      continue;
    }
    packages.push({
      ecosystem: pkg.ecosystem,
      name: pkg.name,
      version,
      dev: component.dev,
      ...(component.license ? { license: component.license } : {}),
    });
  }
  if (unpinned.length > MAX_UNKNOWN_LISTED) {
    const more = unpinned.length - MAX_UNKNOWN_LISTED;
    unpinned.length = MAX_UNKNOWN_LISTED;
    unpinned.push(`${more} more components that cannot be matched`);
  }
  return { packages, unpinned };
}
