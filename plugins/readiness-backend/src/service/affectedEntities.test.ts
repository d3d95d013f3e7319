import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { findAffectedEntities } from './affectedEntities';

function component(
  name: string,
  relations: Array<[string, string]>,
  extra: Partial<Entity['metadata']> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: name.startsWith('sys-') ? 'System' : 'Component',
    metadata: { name, namespace: 'default', ...extra },
    spec: {},
    relations: relations.map(([type, targetRef]) => ({ type, targetRef })),
  };
}

const api: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: { name: 'flow-api', namespace: 'default' },
  spec: {},
  relations: [
    { type: 'apiProvidedBy', targetRef: 'component:default/core' },
    { type: 'apiConsumedBy', targetRef: 'component:default/consumer' },
  ],
};

/** core ← web (dependsOn) ← edge ← outer; consumer uses core's API; core is part of sys-agents, part of a domain. */
const entities = [
  component('core', [
    ['dependencyOf', 'component:default/web'],
    ['providesApi', 'api:default/flow-api'],
    ['partOf', 'system:default/sys-agents'],
  ]),
  component(
    'web',
    [
      ['dependencyOf', 'component:default/edge'],
      ['ownedBy', 'group:default/web-team'],
    ],
    { title: 'Web portal' },
  ),
  component('edge', [['dependencyOf', 'component:default/outer']]),
  component('outer', []),
  component('consumer', [['ownedBy', 'group:default/api-users']]),
  component('sys-agents', [['partOf', 'domain:default/engineering']]),
  api,
];

async function affected(maxDepth: number, maxEntities = 50) {
  return findAffectedEntities({
    catalog: catalogServiceMock({ entities }),
    credentials: mockCredentials.service(),
    entity: entities[0],
    maxDepth,
    maxEntities,
    now: new Date('2026-12-01T00:00:00Z'),
  });
}

describe('findAffectedEntities', () => {
  it('follows dependents, API consumers and the system, not the domain, to the depth', async () => {
    const result = await affected(2);
    expect(result.truncated).toBe(false);
    expect(result.entities).toEqual([
      {
        entityRef: 'component:default/web',
        title: 'Web portal',
        owner: 'group:default/web-team',
        via: 'dependency',
        depth: 1,
      },
      { entityRef: 'system:default/sys-agents', via: 'system', depth: 1 },
      {
        entityRef: 'component:default/consumer',
        owner: 'group:default/api-users',
        via: 'api',
        depth: 1,
      },
      { entityRef: 'component:default/edge', via: 'dependency', depth: 2 },
    ]);
  });

  it('goes one hop further with a larger depth', async () => {
    const refs = (await affected(3)).entities.map(e => e.entityRef);
    expect(refs).toContain('component:default/outer');
    expect(refs).not.toContain('domain:default/engineering');
  });

  it('stops at the cap and says so', async () => {
    const result = await affected(3, 2);
    expect(result.entities.map(e => e.entityRef)).toEqual([
      'component:default/web',
      'system:default/sys-agents',
    ]);
    expect(result.truncated).toBe(true);
  });

  it('lists nothing at depth 0 and never the entity itself in a cycle', async () => {
    expect((await affected(0)).entities).toEqual([]);
    const cyclic = [
      component('a', [['dependencyOf', 'component:default/b']]),
      component('b', [['dependencyOf', 'component:default/a']]),
    ];
    const result = await findAffectedEntities({
      catalog: catalogServiceMock({ entities: cyclic }),
      credentials: mockCredentials.service(),
      entity: cyclic[0],
      maxDepth: 5,
      maxEntities: 50,
      now: new Date(),
    });
    expect(result.entities.map(e => e.entityRef)).toEqual([
      'component:default/b',
    ]);
  });
});
