import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { join } from 'node:path';
import { readinessPlugin } from '../plugin';

/** In the catalog, with an owner and a system. */
export const claudeFlow: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'claude-flow', namespace: 'default' },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'orchestration-team',
    system: 'agent-platform',
  },
};

/** In the catalog, owned by the parent team, in the same system. */
export const webPortal: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'web-portal', namespace: 'default' },
  spec: {
    type: 'website',
    lifecycle: 'experimental',
    owner: 'platform-team',
    system: 'agent-platform',
  },
};

/** A group hierarchy, a system and its domain, with relations as the catalog stitches them. */
export const organisation: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'platform-team', namespace: 'default' },
    spec: { type: 'team', children: ['orchestration-team'] },
    relations: [
      { type: 'parentOf', targetRef: 'group:default/orchestration-team' },
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'orchestration-team', namespace: 'default' },
    spec: { type: 'team', parent: 'platform-team', children: [] },
    relations: [{ type: 'childOf', targetRef: 'group:default/platform-team' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'agent-platform', namespace: 'default' },
    spec: { owner: 'platform-team', domain: 'engineering' },
    relations: [{ type: 'partOf', targetRef: 'domain:default/engineering' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Domain',
    metadata: { name: 'engineering', namespace: 'default' },
    spec: { owner: 'platform-team' },
  },
];

/**
 * A service whose repository is the directory `root/name`, registered from
 * a file under `root`, so an allowed local root of `root` lets it be read.
 */
export function localComponent(root: string, name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/source-location': `dir:${join(root, name)}/`,
        'backstage.io/managed-by-location': `file:${root}/catalog-info.yaml`,
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

/** Holds every Readiness permission. */
export const alice = 'user:default/alice';
export const asAlice = mockCredentials.user.header(alice);
/** Holds none. */
export const asBob = mockCredentials.user.header('user:default/bob');

/** May read nothing in the catalog (tests/access.test.ts has finer cases). */
export const asDan = mockCredentials.user.header('user:default/dan');

/**
 * Alice holds every Readiness permission; everyone else is denied them.
 * Everyone but Dan may read every catalog entity.
 */
export const permissions = mockServices.permissions.mock({
  async authorizeConditional(requests, options) {
    const principal = options?.credentials.principal as {
      userEntityRef?: string;
    };
    return requests.map(() => ({
      result:
        principal.userEntityRef === 'user:default/dan'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    }));
  },
  async authorize(requests, options) {
    const principal = options?.credentials.principal as {
      userEntityRef?: string;
    };
    return requests.map(() => ({
      result:
        principal.userEntityRef === alice
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    }));
  },
});

/**
 * The plugin in a test backend with the two entities above, the permissions
 * above, and no credentials on requests without an Authorization header.
 * The whole backend, for tests that stop it.
 */
export function startReadinessTestBackend(
  ...extra: Parameters<typeof startTestBackend>[0]['features'] & any[]
) {
  return startTestBackend({
    features: [
      readinessPlugin,
      catalogServiceMock.factory({
        entities: [claudeFlow, webPortal, ...organisation],
      }),
      permissions.factory,
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      ...extra,
    ],
  });
}

/** {@link startReadinessTestBackend}, for tests that only send requests. */
export async function startReadinessBackend(
  ...extra: Parameters<typeof startTestBackend>[0]['features'] & any[]
) {
  const { server } = await startReadinessTestBackend(...extra);
  return server;
}
