import type { UrlReaderService } from '@backstage/backend-plugin-api';
import { ForwardedError, InputError } from '@backstage/errors';
import type { CheckDefinition } from '@readiness/plugin-readiness-common';
import {
  maxCheckDefinitionsFileBytes,
  parseCheckDefinitionsFile,
} from '@readiness/plugin-readiness-node';
import type { ReadinessBackendConfig } from './config';

/** Reads a response no further than the limit, where the reader can stream. */
async function readCapped(
  response: Awaited<ReturnType<UrlReaderService['readUrl']>>,
  origin: string,
): Promise<string> {
  const tooLarge = () =>
    new InputError(
      `${origin}: larger than ${maxCheckDefinitionsFileBytes} bytes`,
    );
  if (!response.stream) {
    const buffer = await response.buffer();
    if (buffer.length > maxCheckDefinitionsFileBytes) {
      throw tooLarge();
    }
    return buffer.toString('utf8');
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response.stream()) {
    total += chunk.length;
    if (total > maxCheckDefinitionsFileBytes) {
      throw tooLarge();
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads the check definitions files of `readiness.checks.files` through the
 * UrlReader, in order, and validates every definition. A file that cannot
 * be read or holds a bad definition throws, naming the file (and the check
 * and field): the backend then does not start, rather than run without an
 * organisation's checks.
 *
 * @internal
 */
export async function readCheckDefinitionFiles(options: {
  urlReader: UrlReaderService;
  urls: readonly string[];
}): Promise<Array<{ origin: string; checks: CheckDefinition[] }>> {
  const files: Array<{ origin: string; checks: CheckDefinition[] }> = [];
  for (const [index, url] of options.urls.entries()) {
    const origin = `readiness.checks.files[${index}] (${url})`;
    let text: string;
    try {
      text = await readCapped(await options.urlReader.readUrl(url), origin);
    } catch (error) {
      if (error instanceof InputError) {
        throw error;
      }
      throw new ForwardedError(`${origin}: could not be read`, error);
    }
    files.push({ origin, checks: parseCheckDefinitionsFile(text, { origin }) });
  }
  return files;
}

/**
 * The inline custom checks followed by those of the files; an id defined
 * twice across them throws, naming both places.
 *
 * @internal
 */
export function combineCustomChecks(
  inline: readonly CheckDefinition[],
  files: ReadonlyArray<{ origin: string; checks: CheckDefinition[] }>,
): CheckDefinition[] {
  const definedIn = new Map<string, string>(
    inline.map(check => [check.id, 'readiness.checks.custom']),
  );
  const combined = [...inline];
  for (const file of files) {
    for (const check of file.checks) {
      const first = definedIn.get(check.id);
      if (first) {
        throw new InputError(
          `${file.origin}: checks (${check.id}): id: already defined in ${first}`,
        );
      }
      definedIn.set(check.id, file.origin);
      combined.push(check);
    }
  }
  return combined;
}

/**
 * The config with the checks of `readiness.checks.files` added to the
 * engine's custom checks; throws as {@link readCheckDefinitionFiles} and
 * {@link combineCustomChecks} do.
 *
 * @internal
 */
export async function withCheckDefinitionFiles(
  config: ReadinessBackendConfig,
  urlReader: UrlReaderService,
): Promise<ReadinessBackendConfig> {
  if (config.checkFiles.length === 0) {
    return config;
  }
  const files = await readCheckDefinitionFiles({
    urlReader,
    urls: config.checkFiles,
  });
  return {
    ...config,
    engine: {
      ...config.engine,
      customChecks: combineCustomChecks(
        config.engine.customChecks ?? [],
        files,
      ),
    },
  };
}
