/*
 * The portal backend (packages/backend/src/index.ts) without Readiness: the
 * same plugins, config and catalog, so that its memory is the baseline
 * Readiness's is measured above. Its packages are resolved from
 * packages/backend, whose dependencies they are.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createBackend } from '@backstage/backend-defaults';
import { REPO_ROOT } from './repoRoot';

const backendRequire = createRequire(
  join(REPO_ROOT, 'packages/backend/package.json'),
);
const backend = createBackend();
for (const plugin of [
  '@backstage/plugin-app-backend',
  '@backstage/plugin-proxy-backend',
  '@backstage/plugin-auth-backend',
  '@backstage/plugin-auth-backend-module-guest-provider',
  '@backstage/plugin-catalog-backend',
  '@backstage/plugin-permission-backend',
  '@backstage/plugin-permission-backend-module-allow-all-policy',
  '@backstage/plugin-notifications-backend',
  '@backstage/plugin-mcp-actions-backend',
]) {
  backend.add(backendRequire(plugin).default);
}
backend.start();
