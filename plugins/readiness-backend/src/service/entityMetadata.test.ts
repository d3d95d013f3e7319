import { entityMetadata } from './entityMetadata';

describe('entityMetadata', () => {
  it('gives full refs, resolving relative ones in the entity namespace', () => {
    expect(
      entityMetadata({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'ledger', namespace: 'payments', title: 'Ledger' },
        spec: {
          owner: 'ledger-team',
          system: 'system:default/core',
          lifecycle: 'production',
        },
      }),
    ).toEqual({
      entityRef: 'component:payments/ledger',
      kind: 'Component',
      namespace: 'payments',
      name: 'ledger',
      title: 'Ledger',
      owner: 'group:payments/ledger-team',
      system: 'system:default/core',
      lifecycle: 'production',
    });
  });

  it('leaves out what the entity does not say, or says malformed', () => {
    expect(
      entityMetadata({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'bare' },
        spec: { owner: 'user:', lifecycle: 7 },
      }),
    ).toEqual({
      entityRef: 'component:default/bare',
      kind: 'Component',
      namespace: 'default',
      name: 'bare',
      title: undefined,
      owner: undefined,
      system: undefined,
      lifecycle: undefined,
    });
  });
});
