import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  type Entity,
  makeValidator,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  evaluateReadiness,
  parseReadinessConfig,
  type ReadinessConfig,
} from '@readiness/plugin-readiness-common';
import {
  buildCycloneDxSbom,
  collectEntityEvidence,
  createAdvisorySource,
  createBuiltInCollectors,
  createPathExclusion,
  createRegistryHealthSource,
  EXCLUDE_PATHS_ANNOTATION,
  readRegularFile,
  RegistryLicenseClient,
} from '@readiness/plugin-readiness-node';
import { type Command, Option } from 'commander';
import { realpath } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { pathToFileURL } from 'node:url';
import { formatSarif } from '../format/formatSarif';
import {
  findingCollectionFailures,
  readBaseline,
  withBaseline,
} from './baseline';
import { readBuildLogEvidence } from './buildLogs';
import { parseLicensePolicy } from './licenses';
import { applyFailOn, parseFailOn, parseFormat, printReport } from './report';
import type { CliIo } from '../program';

const validator = makeValidator();

function parseMaxAgeDays(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1) {
    throw new Error(
      `--max-age-days: expected a positive integer, got ${value}`,
    );
  }
  return days;
}

/**
 * `--required-signals npm-deprecated,crates-yanked` or `none`, checked by
 * the engine's own config reader.
 */
function parseRequiredSignals(value: string): ReadinessConfig {
  const requiredSignals =
    value.trim() === 'none'
      ? []
      : value
          .split(',')
          .map(signal => signal.trim())
          .filter(Boolean);
  try {
    return parseReadinessConfig({ dependencyHealth: { requiredSignals } });
  } catch (error) {
    throw new Error(
      `--required-signals: ${(error as Error).message.replace(/^Invalid readiness config at dependencyHealth\.requiredSignals/, 'signal')}`,
    );
  }
}

/** Whether a Component's source is the scanned directory itself. */
function describesDirectory(entity: Entity): boolean {
  const location =
    entity.metadata.annotations?.['backstage.io/source-location'];
  return location === undefined || /^dir:(\.\/?)?$/.test(location.trim());
}

/**
 * The Component of catalog-info.yaml that the scanned directory is: the only
 * one, or among several (a monorepo's file lists its packages, each with its
 * own source location) the one whose source is the directory itself. None
 * otherwise, and the report is named after the directory.
 */
async function readCatalogEntity(
  dir: string,
  io: CliIo,
): Promise<Entity | undefined> {
  // Read like every repository file: no link out of the directory, no
  // FIFO or device, at most 1 MiB; and no content echoed in an error.
  const root = await realpath(dir).catch(() => resolve(dir));
  const read = await readRegularFile(resolve(root, 'catalog-info.yaml'), {
    root,
    maxBytes: 1024 * 1024,
  });
  if (!('content' in read)) {
    if (!read.reason.includes('ENOENT')) {
      io.stderr(`could not read catalog-info.yaml: ${read.reason}\n`);
    }
    return undefined;
  }
  const components: Entity[] = [];
  for (const doc of parseAllDocuments(read.content, { prettyErrors: false })) {
    if (doc.errors.length > 0) {
      io.stderr(
        `could not read catalog-info.yaml: invalid YAML (${doc.errors[0].code})\n`,
      );
      return undefined;
    }
    const value = doc.toJS();
    if (value?.kind === 'Component' && value?.metadata?.name) {
      // The name reaches Markdown and SARIF reports: the catalog's own rules.
      if (
        !validator.isValidEntityName(value.metadata.name) ||
        (value.metadata.namespace !== undefined &&
          !validator.isValidNamespace(value.metadata.namespace))
      ) {
        io.stderr(
          'catalog-info.yaml: a Component with an invalid metadata.name or metadata.namespace was ignored\n',
        );
        continue;
      }
      components.push(value as Entity);
    }
  }
  return components.length === 1
    ? components[0]
    : components.find(describesDirectory);
}

/**
 * The entity the collectors read: the Component of catalog-info.yaml (or a
 * bare one named after the directory) whose source is the scanned directory,
 * with `--exclude` added to its own excluded paths.
 */
function scannedEntity(
  root: string,
  described: Entity | undefined,
  exclude: string[],
): Entity {
  const base: Entity = described ?? {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: basename(root) },
  };
  const annotations = { ...base.metadata.annotations };
  annotations[ANNOTATION_SOURCE_LOCATION] = `dir:${root}`;
  // Registered from this file, so its absolute source location is honoured.
  annotations[ANNOTATION_LOCATION] =
    `file:${resolve(root, 'catalog-info.yaml')}`;
  const excluded = [annotations[EXCLUDE_PATHS_ANNOTATION], ...exclude]
    .filter(Boolean)
    .join(',');
  if (excluded) {
    annotations[EXCLUDE_PATHS_ANNOTATION] = excluded;
  }
  return { ...base, metadata: { ...base.metadata, annotations } };
}

/**
 * `readiness scan <dir>`: the repository collector and the engine on a local
 * directory, offline with `--advisories` or against OSV.
 */
export function registerScanCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
) {
  program
    .command('scan <dir>')
    .description(
      'Scan a repository: vulnerable and unmaintained dependencies, docs, TODO markers, CI',
    )
    .addOption(
      new Option(
        '--advisories <dir>',
        'OSV records to use instead of the OSV API (offline): <Ecosystem>/all.zip as `readiness advisories download` writes them, or unzipped',
      ).conflicts('osvUrl'),
    )
    .option(
      '--max-age-days <days>',
      'how old the newest --advisories record may be before the scan is stale (unknown)',
      '7',
    )
    .option('--osv-url <url>', 'base URL of the OSV API', 'https://api.osv.dev')
    .option(
      '--offline',
      'use no network (needs --advisories): npm deprecations and crates.io yanks are not looked up, and named as not checked',
    )
    .option(
      '--npm-registry-url <url>',
      'base URL of the npm registry (or a mirror) asked for deprecations',
    )
    .option(
      '--crates-index-url <url>',
      'base URL of the crates.io sparse index (or a mirror) asked for yanked versions',
    )
    .option(
      '--pypi-url <url>',
      "base URL of PyPI's JSON API (or a mirror) asked for licenses",
    )
    .option(
      '--crates-api-url <url>',
      'base URL of the crates.io web API (or a mirror) asked for licenses',
    )
    .option(
      '--allow-licenses <ids>',
      'SPDX license ids dependencies may be used under, comma-separated (compliance.licenses)',
    )
    .option(
      '--deny-licenses <ids>',
      'SPDX license ids dependencies must not be used under only, comma-separated',
    )
    .option(
      '--accept-unknown-licenses',
      'let compliance.licenses pass with dependencies of unknown license',
    )
    .option(
      '--required-signals <signals>',
      'registry signals security.audit cannot pass without, comma-separated, or none',
      'npm-deprecated,crates-yanked',
    )
    .option(
      '--format <format>',
      'text, json, markdown, sarif (the dependency findings, for code scanning) or cyclonedx (a CycloneDX 1.6 JSON SBOM of the locked packages)',
      'text',
    )
    .option(
      '--exclude <dir...>',
      'repository-relative directories to leave out (test fixtures, examples)',
    )
    .option(
      '--build-log <file>',
      'compiler output of the build (cargo, rustc, tsc, go, javac, Maven, Gradle, gcc, clang); repeatable',
      (file: string, files: string[]) => [...files, file],
      [] as string[],
    )
    .option(
      '--baseline <file>',
      'an earlier `scan --format json` report: each finding is marked new or known',
    )
    .option(
      '--fail-on <condition>',
      'exit with 1 on stop-work, below:<tier> (mvs, production, enterprise), or new (a finding not in --baseline, or an incomplete dependency scan)',
    )
    .action(
      async (
        dir: string,
        options: {
          advisories?: string;
          maxAgeDays: string;
          osvUrl: string;
          offline?: boolean;
          npmRegistryUrl?: string;
          cratesIndexUrl?: string;
          pypiUrl?: string;
          cratesApiUrl?: string;
          allowLicenses?: string;
          denyLicenses?: string;
          acceptUnknownLicenses?: boolean;
          requiredSignals: string;
          format: string;
          failOn?: string;
          baseline?: string;
          exclude?: string[];
          buildLog: string[];
        },
      ) => {
        const failOn = parseFailOn(options.failOn, { findings: true });
        const format = parseFormat(options.format, [
          'sarif',
          'cyclonedx',
        ] as const);
        const root = resolve(io.cwd, dir);
        const now = io.now();
        // Refused here, so the message names the option.
        createPathExclusion(options.exclude ?? [], '--exclude');
        const config = {
          ...parseRequiredSignals(options.requiredSignals),
          ...parseLicensePolicy(options),
        };
        if (options.offline && !options.advisories) {
          throw new Error(
            '--offline needs --advisories: OSV records on disk to scan against',
          );
        }
        // Read first: a bad baseline should not cost a whole scan.
        const baseline = options.baseline
          ? await readBaseline(options.baseline, io.cwd)
          : undefined;
        const described = await readCatalogEntity(root, io);
        const entity = scannedEntity(root, described, options.exclude ?? []);

        // The backend's collectors and choice of advisory source, on the
        // directory: the pipeline sees what the portal shows.
        const collectors = createBuiltInCollectors({
          advisories: createAdvisorySource(
            {
              directory: options.advisories
                ? resolve(io.cwd, options.advisories)
                : undefined,
              maxAgeDays: parseMaxAgeDays(options.maxAgeDays),
              osv: { baseUrl: options.osvUrl },
            },
            {
              onProblem: problem =>
                io.stderr(`advisories: ${JSON.stringify(problem)}\n`),
            },
          ),
          registries: createRegistryHealthSource({
            offline: options.offline,
            npmBaseUrl: options.npmRegistryUrl,
            cratesIndexBaseUrl: options.cratesIndexUrl,
          }),
          licenses: new RegistryLicenseClient({
            offline: options.offline,
            npmBaseUrl: options.npmRegistryUrl,
            pypiBaseUrl: options.pypiUrl,
            cratesApiBaseUrl: options.cratesApiUrl,
          }),
          repository: { allowedLocalRoots: [root] },
        }).filter(
          // Without catalog-info.yaml nothing describes the entity: its
          // catalog checks stay unknown rather than fail.
          collector => described || collector.id !== 'catalog',
        );
        const { evidence, failures } = await collectEntityEvidence(
          entity,
          collectors,
          {
            now,
            log: (level, message) => {
              if (level === 'error' || level === 'warn') {
                io.stderr(`${message}\n`);
              }
            },
          },
        );
        if (failures.length > 0) {
          throw new Error(failures.map(f => f.reason).join('; '));
        }
        if (options.buildLog.length > 0) {
          evidence.push(
            await readBuildLogEvidence(options.buildLog, { cwd: io.cwd, now }),
          );
        }

        const report = withBaseline(
          evaluateReadiness({
            entityRef: described
              ? stringifyEntityRef(described)
              : `component:default/${basename(root)}`,
            // The checks' appliesTo and rules read the described entity.
            entity: described,
            evidence,
            now: now.toISOString(),
            config,
          }),
          baseline,
        );
        const scanFailures = findingCollectionFailures(evidence).map(
          ({ key, error }) => `${key}: ${error}`,
        );
        if (format === 'cyclonedx') {
          const bom = buildCycloneDxSbom({ report, evidence });
          io.stdout(`${JSON.stringify(bom, null, 2)}\n`);
          applyFailOn(io, report, failOn, setExitCode);
          const [{ aggregate }] = bom.compositions;
          if (aggregate !== 'complete') {
            io.stderr(
              `readiness: the SBOM's inventory is ${aggregate} (see its readiness:unknown-package and readiness:unreadable properties)\n`,
            );
          }
          return;
        }
        if (format !== 'sarif') {
          printReport(
            io,
            report,
            { format, failOn, scanFailures },
            setExitCode,
          );
          return;
        }
        // The report's findings: the JSON and the SARIF hold the same ones.
        const sarif = formatSarif({
          findings: report.findings,
          evidence,
          rootUri: pathToFileURL(`${root}/`).href,
        });
        io.stdout(sarif.text);
        applyFailOn(io, report, failOn, setExitCode, scanFailures);
        if (sarif.failed.length > 0) {
          // An empty log would close open code-scanning alerts.
          io.stderr(
            `readiness: the scan is incomplete (${sarif.failed.join('; ')}); do not upload this log\n`,
          );
          setExitCode(2);
        }
      },
    );
}
