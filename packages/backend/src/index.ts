/*
 * The Readiness portal backend: a minimal Backstage backend that hosts the
 * software catalog, guest sign-in, the permission framework (allow-all policy)
 * and the Readiness backend plugin.
 */

import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

// Serves the frontend bundle (packages/app) in production builds.
backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Auth: guest sign-in only. See https://backstage.io/docs/auth/guest/provider
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// Software catalog, fed from examples/entities.yaml and catalog-info.yaml.
backend.add(import('@backstage/plugin-catalog-backend'));

// Permission framework: enabled in app-config, with a policy that allows
// everything. Replace the policy module to restrict Readiness actions.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

// Notifications (stop-work orders are announced through it).
backend.add(import('@backstage/plugin-notifications-backend'));

// Exposes registered actions over MCP.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// Readiness: evidence collection, evaluation and the REST API.
backend.add(import('@readiness/plugin-readiness-backend'));
// Build and deployment evidence from GitHub Actions, for components with a
// github.com/project-slug annotation (none in the offline example catalog).
backend.add(import('@readiness/plugin-readiness-backend-module-github'));

// Example of a custom collector module (a template for adopters): registers
// the evidence kind acme.slo, read from catalog annotations, which the custom
// checks in app-config.yaml (readiness.checks.custom) evaluate.
backend.add(import('./modules/acmeSlo'));

// Demo only: stands in for the example components' CI pipelines and people,
// posting examples/<name>/.pipeline/readiness.json to the Readiness REST API
// after startup. Off unless `examplePipelines.enabled: true` (app-config.yaml).
backend.add(import('./modules/examplePipelines'));

backend.start();
