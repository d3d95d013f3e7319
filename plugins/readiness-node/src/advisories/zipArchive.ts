import { once } from 'node:events';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { TooLargeError } from '../http';

/**
 * One `.json` entry of an advisory archive: its text, or why it was not read
 * (a {@link TooLargeError} when it is larger than the cap).
 *
 * @public
 */
export type AdvisoryArchiveEntry =
  { name: string; text: string } | { name: string; error: Error };

const openZip = promisify<string, yauzl.Options, ZipFile>(yauzl.open);

/** The next entry, or undefined at the end of the central directory. */
async function nextEntry(zip: ZipFile): Promise<Entry | undefined> {
  // Whichever comes first; `once` rejects on 'error', and the abort removes
  // the other listener.
  const controller = new AbortController();
  const { signal } = controller;
  const next = Promise.race([
    once(zip, 'entry', { signal }).then(([entry]) => entry as Entry),
    once(zip, 'end', { signal }).then(() => undefined),
  ]);
  zip.readEntry();
  try {
    return await next;
  } finally {
    controller.abort();
  }
}

async function readEntryText(
  zip: ZipFile,
  entry: Entry,
  maxBytes: number,
  what: string,
): Promise<string> {
  const tooLarge = new TooLargeError(what, maxBytes);
  // The central directory's size is checked before anything is inflated;
  // yauzl also fails a stream that inflates past it.
  if (entry.uncompressedSize > maxBytes) {
    throw tooLarge;
  }
  const stream = await promisify<Entry, Readable>(zip.openReadStream.bind(zip))(
    entry,
  );
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      length += (chunk as Buffer).length;
      if (length > maxBytes) {
        throw tooLarge;
      }
      chunks.push(chunk as Buffer);
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks, length).toString('utf8');
}

/**
 * The `.json` entries of a zip archive (OSV's `<Ecosystem>/all.zip`), read in
 * place from the file with yauzl, one at a time: nothing is unpacked to
 * disk and no entry is inflated beyond `maxEntryBytes`. An entry that cannot
 * be read is yielded with its error; an archive that cannot be opened or
 * whose directory is corrupt throws.
 *
 * @public
 */
export async function* readZipArchive(
  path: string,
  maxEntryBytes: number,
): AsyncGenerator<AdvisoryArchiveEntry> {
  const zip = await openZip(path, {
    lazyEntries: true,
    autoClose: false,
    // Entry names are only labels here; nothing is written to disk.
    strictFileNames: false,
    validateEntrySizes: true,
  });
  try {
    for (;;) {
      const entry = await nextEntry(zip);
      if (!entry) {
        return;
      }
      const name = entry.fileName;
      if (name.endsWith('/') || !name.toLowerCase().endsWith('.json')) {
        continue;
      }
      let read: AdvisoryArchiveEntry;
      try {
        read = {
          name,
          text: await readEntryText(
            zip,
            entry,
            maxEntryBytes,
            `The entry ${name} of ${path}`,
          ),
        };
      } catch (error) {
        read = {
          name,
          error: error instanceof Error ? error : new Error(String(error)),
        };
      }
      yield read;
    }
  } finally {
    zip.close();
  }
}

/**
 * Hands each `.json` entry of one listed archive of an advisory directory to
 * `consider`; what cannot be read is an unread record, since any record of
 * it may affect any package.
 *
 * @internal
 */
export async function readArchiveRecords(options: {
  reader: {
    readArchive?(
      path: string,
      maxEntryBytes: number,
    ): AsyncIterable<AdvisoryArchiveEntry>;
  };
  directory: string;
  /** The archive, relative to the directory. */
  file: string;
  maxEntryBytes: number;
  consider: (file: string, text: string) => void;
  report: (file: string, reason: string, kind: 'unread-record') => void;
}) {
  const { reader, file, maxEntryBytes, report } = options;
  if (!reader.readArchive) {
    report(file, 'is an archive this reader cannot open', 'unread-record');
    return;
  }
  try {
    for await (const entry of reader.readArchive(
      join(options.directory, file),
      maxEntryBytes,
    )) {
      const name = `${file}:${entry.name}`;
      if ('text' in entry) {
        options.consider(name, entry.text);
      } else if (entry.error instanceof TooLargeError) {
        report(
          name,
          `is larger than ${maxEntryBytes} bytes and was not read`,
          'unread-record',
        );
      } else {
        report(name, `cannot be read: ${entry.error.message}`, 'unread-record');
      }
    }
  } catch (error) {
    report(
      file,
      `cannot be read as a zip archive: ${error instanceof Error ? error.message : String(error)}`,
      'unread-record',
    );
  }
}

/**
 * How many entries a zip archive's central directory lists; throws when the
 * file is not a readable zip (a truncated download, an error page).
 *
 * @public
 */
export async function countZipEntries(path: string): Promise<number> {
  const zip = await openZip(path, { lazyEntries: true, autoClose: false });
  try {
    return zip.entryCount;
  } finally {
    zip.close();
  }
}

/**
 * Where OSV publishes its per-ecosystem exports, `<base>/<Ecosystem>/all.zip`
 * (https://google.github.io/osv.dev/data/): OSV's own storage bucket.
 *
 * @public
 */
export const DEFAULT_OSV_ARCHIVE_BASE_URL =
  'https://osv-vulnerabilities.storage.googleapis.com';
