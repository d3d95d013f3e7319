import type { UrlReaderService } from '@backstage/backend-plugin-api';
import { reportSourceRequest } from '@readiness/plugin-readiness-node';

/**
 * The UrlReader collectors get: each read is one request to the repository
 * host, counted against the `repository` budget of the collection run it
 * belongs to (a conditional read that finds nothing changed included).
 *
 * @internal
 */
export function countingUrlReader(reader: UrlReaderService): UrlReaderService {
  return {
    readUrl(url, options) {
      reportSourceRequest('repository');
      return reader.readUrl(url, options);
    },
    readTree(url, options) {
      reportSourceRequest('repository');
      return reader.readTree(url, options);
    },
    search(url, options) {
      reportSourceRequest('repository');
      return reader.search(url, options);
    },
  };
}
