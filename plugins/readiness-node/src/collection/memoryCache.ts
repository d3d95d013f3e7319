import type { CacheService } from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';

/** A CacheService in a Map, for runs outside a backend (the CLI, tests). */
export function createMemoryCache(): CacheService {
  const entries = new Map<string, JsonValue>();
  const cache: CacheService = {
    async get<T extends JsonValue>(key: string) {
      return entries.get(key) as T | undefined;
    },
    async set(key, value) {
      entries.set(key, value);
    },
    async delete(key) {
      entries.delete(key);
    },
    withOptions: () => cache,
  };
  return cache;
}
