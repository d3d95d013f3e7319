import { readinessPermissions } from './permissions';

describe('readinessPermissions', () => {
  it.each([
    ['readiness.entity.refresh', 'update'],
    ['readiness.evidence.create', 'create'],
    ['readiness.attestation.create', 'create'],
    ['readiness.attestation.delete', 'delete'],
    ['readiness.waiver.create', 'create'],
    ['readiness.waiver.delete', 'delete'],
    ['readiness.stopwork.manage', 'update'],
    ['readiness.waiver.approve', 'update'],
  ])('%s is an entity-scoped %s permission', (name, action) => {
    const permission = readinessPermissions.find(p => p.name === name);
    expect(permission).toMatchObject({
      type: 'resource',
      resourceType: 'catalog-entity',
      attributes: { action },
    });
  });

  it('lists each permission once', () => {
    const names = readinessPermissions.map(p => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toHaveLength(9);
  });

  it('readiness.campaign.manage is a basic permission: a campaign spans entities', () => {
    expect(
      readinessPermissions.find(p => p.name === 'readiness.campaign.manage'),
    ).toMatchObject({ type: 'basic', attributes: { action: 'update' } });
  });
});
