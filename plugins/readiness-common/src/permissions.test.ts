import { readinessPermissions } from './permissions';

describe('readinessPermissions', () => {
  it.each([
    ['readiness.entity.refresh', 'update'],
    ['readiness.evidence.create', 'create'],
    ['readiness.attestation.create', 'create'],
    ['readiness.waiver.create', 'create'],
    ['readiness.stopwork.manage', 'update'],
  ])('%s is an entity-scoped %s permission', (name, action) => {
    const permission = readinessPermissions.find(p => p.name === name);
    expect(permission).toMatchObject({
      type: 'resource',
      resourceType: 'catalog-entity',
      attributes: { action },
    });
  });
});
