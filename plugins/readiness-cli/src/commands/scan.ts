import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  evaluateReadiness,
  type Evidence,
} from '@readiness/plugin-readiness-common';
import {
  type AdvisorySource,
  analyzeRepository,
  createPathExclusion,
  DirectoryAdvisorySource,
  isRepositoryFileOfInterest,
  OsvClient,
  readCatalogEvidence,
  readLocalRepository,
  readRegularFile,
} from '@readiness/plugin-readiness-node';
import { type Command, Option } from 'commander';
import { realpath } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { pathToFileURL } from 'node:url';
import { formatSarif } from '../format/formatSarif';
import { applyFailOn, parseFailOn, parseFormat, printReport } from './report';
import type { CliIo } from '../program';

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
      components.push(value as Entity);
    }
  }
  return components.length === 1
    ? components[0]
    : components.find(describesDirectory);
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
        'a directory of OSV JSON records to use instead of the OSV API (offline)',
      ).conflicts('osvUrl'),
    )
    .option('--osv-url <url>', 'base URL of the OSV API', 'https://api.osv.dev')
    .option(
      '--format <format>',
      'text, json, markdown, or sarif (the dependency findings, for code scanning)',
      'text',
    )
    .option(
      '--exclude <dir...>',
      'repository-relative directories to leave out (test fixtures, examples)',
    )
    .option(
      '--fail-on <condition>',
      'exit with 1 on stop-work, or below:<tier> (mvs, production, enterprise)',
    )
    .action(
      async (
        dir: string,
        options: {
          advisories?: string;
          osvUrl: string;
          format: string;
          failOn?: string;
          exclude?: string[];
        },
      ) => {
        const failOn = parseFailOn(options.failOn);
        const format = parseFormat(options.format, ['sarif'] as const);
        const root = resolve(io.cwd, dir);
        const now = io.now();
        const advisories: AdvisorySource = options.advisories
          ? new DirectoryAdvisorySource({
              directory: resolve(io.cwd, options.advisories),
              onProblem: problem =>
                io.stderr(`advisories: ${JSON.stringify(problem)}\n`),
            })
          : new OsvClient({ baseUrl: options.osvUrl });

        const kept = createPathExclusion(options.exclude ?? [], '--exclude');
        const snapshot = await readLocalRepository(root, [root], {
          include: path => isRepositoryFileOfInterest(path) && kept(path),
        });
        const collected = await analyzeRepository(snapshot, {
          advisories,
          now,
        });
        const evidence = collected.map(
          item => ({ ...item, source: 'scan' }) as Evidence,
        );
        const entity = await readCatalogEntity(root, io);
        if (entity) {
          evidence.push({
            source: 'catalog',
            key: 'catalog',
            value: readCatalogEvidence(entity),
            observedAt: now.toISOString(),
            staleAfter: new Date(now.getTime() + 86_400_000).toISOString(),
          });
        }

        const report = evaluateReadiness({
          entityRef: entity
            ? stringifyEntityRef(entity)
            : `component:default/${basename(root)}`,
          evidence,
          now: now.toISOString(),
        });
        if (format !== 'sarif') {
          printReport(io, report, { format, failOn }, setExitCode);
          return;
        }
        const sarif = formatSarif({
          evidence,
          rootUri: pathToFileURL(`${root}/`).href,
        });
        io.stdout(sarif.text);
        applyFailOn(io, report, failOn, setExitCode);
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
