import { InputError } from '@backstage/errors';
import { defaultAdvisoryMaxAgeDays } from '@readiness/plugin-readiness-common';
import { open, readdir, readFile } from 'node:fs/promises';
import { TooLargeError } from '../http';
import { readOpenedFile } from '../repository/readOpenedFile';
import { join } from 'node:path';
import { nameKey, packageKey } from './packageKey';
import type {
  AdvisoryProblem,
  AdvisorySource,
  FindAdvisoriesOptions,
  OsvVulnerability,
  PackageQuery,
} from './types';
import { isVersionAffected } from './versions';
import { type AdvisoryCoverage, EcosystemTally } from './advisoryCoverage';
import {
  type AdvisoryArchiveEntry,
  readArchiveRecords,
  readZipArchive,
} from './zipArchive';

/**
 * How {@link DirectoryAdvisorySource} reads its directory; injectable so
 * tests can use in-memory files.
 *
 * @public
 */
export interface AdvisoryFileReader {
  /**
   * The files under `dir`, as `/`-separated paths relative to it. Only
   * files at depth one (`ID.json`) and two (`Ecosystem/ID.json`) are read.
   */
  listFiles(dir: string): Promise<string[]>;
  /**
   * The text of one file; `path` is `dir` joined with a listed path. When
   * `maxBytes` is given, a larger file should be refused with a
   * {@link TooLargeError} before it is read (the source checks the size of
   * what it gets as well).
   */
  readFile(path: string, maxBytes?: number): Promise<string>;
  /**
   * The `.json` entries of a zip archive (a listed `*.zip`, such as OSV's
   * `<Ecosystem>/all.zip`), each read no further than `maxEntryBytes`.
   * Without it, archives are reported as unread records.
   */
  readArchive?(
    path: string,
    maxEntryBytes: number,
  ): AsyncIterable<AdvisoryArchiveEntry>;
}

/**
 * The default {@link AdvisoryFileReader}, on `node:fs/promises`. It lists two
 * levels deep and does not follow symbolic links to directories.
 *
 * @public
 */
export function createNodeAdvisoryFileReader(): AdvisoryFileReader {
  return {
    async listFiles(dir) {
      const files: string[] = [];
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        if (entry.isFile()) {
          files.push(entry.name);
        } else if (entry.isDirectory()) {
          for (const inner of await readdir(join(dir, entry.name), {
            withFileTypes: true,
          })) {
            if (inner.isFile()) {
              files.push(`${entry.name}/${inner.name}`);
            }
          }
        }
      }
      return files;
    },
    async readFile(path, maxBytes) {
      if (maxBytes === undefined) {
        return readFile(path, 'utf8');
      }
      // Sized on the open handle, so a file swapped after the check is
      // still read no further than the cap.
      const handle = await open(path, 'r');
      try {
        const { size } = await handle.stat();
        const tooLarge = new TooLargeError(`The file ${path}`, maxBytes);
        if (size > maxBytes) {
          throw tooLarge;
        }
        // Sized to the file, not the cap (a zeroed 4 MiB per record adds
        // up).
        const content = await readOpenedFile(handle, size, maxBytes);
        if (content === undefined) {
          throw new Error(`The file ${path} changed while being read`);
        }
        return content;
      } finally {
        await handle.close();
      }
    },
    readArchive: readZipArchive,
  };
}

/**
 * Options of {@link DirectoryAdvisorySource}.
 *
 * @public
 */
export interface DirectoryAdvisorySourceOptions {
  /**
   * A directory of OSV JSON records: OSV's offline layout
   * `<dir>/<Ecosystem>/all.zip` (read in place, not unpacked), the same
   * unzipped as `<dir>/<Ecosystem>/<ID>.json`, or `<dir>/<ID>.json`.
   */
  directory: string;
  /**
   * How old the newest record may be, in days, before scans against this
   * copy are stale (unknown); default 7.
   */
  maxAgeDays?: number;
  /** The clock; record dates after it are not believed. */
  now?: () => Date;
  /** How files are read; {@link createNodeAdvisoryFileReader} by default. */
  reader?: AdvisoryFileReader;
  /**
   * Receives each problem of loading the directory (skipped files), once
   * per load. They are also returned by {@link DirectoryAdvisorySource.load}.
   */
  onProblem?: (problem: AdvisoryProblem) => void;
  /**
   * Files (and archive entries) larger than this many bytes are not read;
   * default 4 MiB. Each is an `unread-record` problem of every lookup, since
   * the record may affect any package.
   */
  maxFileBytes?: number;
}

/**
 * What loading an advisory directory found.
 *
 * @public
 */
export interface DirectoryAdvisoryIndex {
  /** Records indexed (withdrawn ones excluded). */
  records: number;
  /** Records skipped because they are withdrawn. */
  withdrawn: number;
  /** Files skipped, each with the reason. */
  problems: AdvisoryProblem[];
  /** Records per ecosystem, with the newest `modified` of each. */
  ecosystems: AdvisoryCoverage['ecosystems'] & {};
  /** The newest `modified` among all records. */
  newestModified?: string;
}

interface Loaded {
  summary: DirectoryAdvisoryIndex;
  byPackage: Map<string, OsvVulnerability[]>;
  /** Records that exist but were not read; reported on every lookup. */
  unread: AdvisoryProblem[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why a parsed record cannot be used, or undefined when it can. */
function recordProblem(value: unknown): string | undefined {
  if (!isRecord(value)) {
    return 'not a JSON object';
  }
  if (typeof value.id !== 'string' || value.id.trim() === '') {
    return 'has no id';
  }
  if (value.modified !== undefined && typeof value.modified !== 'string') {
    return 'modified is not a string';
  }
  if (!Array.isArray(value.affected)) {
    return 'has no affected list';
  }
  return undefined;
}

/**
 * The offline advisory source: a directory of OSV records (see the
 * `examples/advisories` folder of the repository for the layout and how to
 * refresh it), indexed by affected (ecosystem, package name). Versions are
 * matched locally with {@link isVersionAffected}; a version that cannot be
 * decided is reported as an `undecidable-version` problem, never treated as
 * not affected. Malformed files are skipped and reported, never thrown.
 *
 * The directory is read once, on the first lookup (or on
 * {@link DirectoryAdvisorySource.load}), and again on
 * {@link DirectoryAdvisorySource.reload}.
 *
 * @public
 */
export class DirectoryAdvisorySource implements AdvisorySource {
  readonly #directory: string;
  readonly #reader: AdvisoryFileReader;
  readonly #onProblem?: (problem: AdvisoryProblem) => void;
  readonly #maxFileBytes: number;
  readonly #maxAgeDays: number;
  readonly #now: () => Date;
  #loading?: Promise<Loaded>;

  constructor(options: DirectoryAdvisorySourceOptions) {
    this.#directory = options.directory;
    this.#maxAgeDays = options.maxAgeDays ?? defaultAdvisoryMaxAgeDays;
    if (!(this.#maxAgeDays > 0)) {
      throw new InputError(
        `maxAgeDays must be a positive number of days, got ${options.maxAgeDays}`,
      );
    }
    this.#now = options.now ?? (() => new Date());
    this.#reader = options.reader ?? createNodeAdvisoryFileReader();
    this.#onProblem = options.onProblem;
    this.#maxFileBytes = options.maxFileBytes ?? 4 * 1024 * 1024;
  }

  /** Reads and indexes the directory, once; later calls share the result. */
  async load(): Promise<DirectoryAdvisoryIndex> {
    return (await this.#load()).summary;
  }

  /** The ecosystems the directory holds records for, and how fresh. */
  async coverage(): Promise<AdvisoryCoverage> {
    const { ecosystems, newestModified } = await this.load();
    return {
      kind: 'directory',
      location: this.#directory,
      ecosystems,
      ...(newestModified ? { newestModified } : {}),
      maxAgeDays: this.#maxAgeDays,
    };
  }

  /**
   * Reads the directory again once per collection cycle, so records added
   * since are matched against stored inventories; the packages are not
   * needed, every lookup is local.
   */
  async prefetch(): Promise<void> {
    await this.reload();
  }

  /** Forgets the index and reads the directory again. */
  async reload(): Promise<DirectoryAdvisoryIndex> {
    this.#loading = undefined;
    return this.load();
  }

  #load(): Promise<Loaded> {
    if (!this.#loading) {
      const loading = this.#read();
      this.#loading = loading;
      // A failed load (unreadable directory) is not cached: retry next time.
      loading.catch(() => {
        if (this.#loading === loading) {
          this.#loading = undefined;
        }
      });
    }
    return this.#loading;
  }

  async #read(): Promise<Loaded> {
    const problems: AdvisoryProblem[] = [];
    const unread: AdvisoryProblem[] = [];
    const report = (
      file: string,
      reason: string,
      kind: 'malformed-record' | 'unread-record' = 'malformed-record',
    ) => {
      const problem: AdvisoryProblem = { kind, file, reason };
      problems.push(problem);
      if (kind === 'unread-record') {
        unread.push(problem);
      }
      try {
        this.#onProblem?.(problem);
      } catch {
        // A failing listener must not break the load.
      }
    };

    const listed = await this.#reader.listFiles(this.#directory);
    const files = listed
      .map(f => f.replace(/\\/g, '/').replace(/^\.?\/+/, ''))
      .filter(f => {
        const parts = f.split('/');
        return (
          parts.length <= 2 &&
          parts.every(p => p !== '' && p !== '..' && p !== '.') &&
          /\.(json|zip)$/i.test(f)
        );
      })
      .sort();
    const tally = new EcosystemTally(this.#now().getTime());
    for (const file of files) {
      if (file.includes('/')) {
        tally.folder(file.slice(0, file.indexOf('/')));
      }
    }

    const byId = new Map<string, { record: OsvVulnerability; file: string }>();
    let withdrawn = 0;
    const consider = (file: string, text: string) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        report(
          file,
          `is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
        );
        return;
      }
      const problem = recordProblem(parsed);
      if (problem) {
        report(file, `is not an OSV record: ${problem}`);
        return;
      }
      const record = parsed as OsvVulnerability;
      // A withdrawn record still shows the ecosystem is tracked.
      tally.record(record);
      if (typeof record.withdrawn === 'string' && record.withdrawn !== '') {
        withdrawn++;
        return;
      }
      const known = byId.get(record.id);
      // The same record may sit in two ecosystem folders: keep the newest.
      if (
        !known ||
        String(record.modified ?? '') > String(known.record.modified ?? '')
      ) {
        byId.set(record.id, { record, file });
      }
    };
    for (const file of files) {
      if (/\.zip$/i.test(file)) {
        await readArchiveRecords({
          reader: this.#reader,
          directory: this.#directory,
          file,
          maxEntryBytes: this.#maxFileBytes,
          consider,
          report,
        });
        continue;
      }
      let text: string;
      // An unread record may affect any package: every lookup reports it.
      const tooLarge = () =>
        report(
          file,
          `is larger than ${this.#maxFileBytes} bytes and was not read`,
          'unread-record',
        );
      try {
        text = await this.#reader.readFile(
          join(this.#directory, file),
          this.#maxFileBytes,
        );
      } catch (error) {
        if (error instanceof TooLargeError) {
          tooLarge();
          continue;
        }
        report(
          file,
          `cannot be read: ${error instanceof Error ? error.message : String(error)}`,
        );
        continue;
      }
      if (typeof text !== 'string') {
        report(file, 'cannot be read as text');
        continue;
      }
      if (Buffer.byteLength(text) > this.#maxFileBytes) {
        tooLarge();
        continue;
      }
      consider(file, text);
    }

    const byPackage = new Map<string, OsvVulnerability[]>();
    let records = 0;
    for (const { record, file } of byId.values()) {
      const keys = new Set<string>();
      for (const entry of record.affected ?? []) {
        const pkg: unknown = isRecord(entry) ? entry.package : undefined;
        if (
          isRecord(pkg) &&
          typeof pkg.ecosystem === 'string' &&
          typeof pkg.name === 'string' &&
          pkg.name.trim() !== ''
        ) {
          keys.add(nameKey(pkg.ecosystem, pkg.name));
        }
      }
      if (keys.size === 0) {
        report(file, 'is not an OSV record: no affected entry names a package');
        continue;
      }
      records++;
      for (const key of keys) {
        const list = byPackage.get(key);
        if (list) {
          list.push(record);
        } else {
          byPackage.set(key, [record]);
        }
      }
    }
    return {
      summary: { records, withdrawn, problems, ...tally.result() },
      byPackage,
      unread,
    };
  }

  async findAdvisories(
    packages: PackageQuery[],
    options: FindAdvisoriesOptions = {},
  ): Promise<Map<string, OsvVulnerability[]>> {
    options.signal?.throwIfAborted();
    const { byPackage, unread } = await this.#load();
    options.signal?.throwIfAborted();
    const report = (problem: AdvisoryProblem) => {
      try {
        options.onProblem?.(problem);
      } catch {
        // A failing listener must not break the lookup.
      }
    };
    unread.forEach(report);
    const result = new Map<string, OsvVulnerability[]>();
    for (const pkg of packages) {
      const key = packageKey(pkg);
      if (result.has(key)) {
        continue;
      }
      if (!pkg.name.trim() || !pkg.version.trim()) {
        report({
          kind: 'invalid-query',
          packageKey: key,
          reason: 'a package query needs a name and a version',
        });
        continue;
      }
      const query: PackageQuery = {
        ecosystem: pkg.ecosystem.trim(),
        name: pkg.name.trim(),
        version: pkg.version.trim(),
      };
      const affecting: OsvVulnerability[] = [];
      for (const record of byPackage.get(
        nameKey(query.ecosystem, query.name),
      ) ?? []) {
        let decision;
        try {
          decision = isVersionAffected(record, query);
        } catch (error) {
          decision = {
            status: 'unknown' as const,
            reason: `matching failed: ${error instanceof Error ? error.message : String(error)}`,
          };
        }
        if (decision.status === 'affected') {
          affecting.push(record);
        } else if (decision.status === 'unknown') {
          report({
            kind: 'undecidable-version',
            packageKey: key,
            ecosystem: query.ecosystem,
            packageName: query.name,
            version: query.version,
            advisoryId: record.id,
            reason: decision.reason ?? 'cannot decide',
          });
        }
      }
      result.set(key, affecting);
    }
    return result;
  }
}
