import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { ReadinessDemoPolicy } from './permissionPolicy';

const approve = createPermission({
  name: 'readiness.waiver.approve',
  attributes: { action: 'update' },
});
const create = createPermission({
  name: 'readiness.waiver.create',
  attributes: { action: 'create' },
});

const memberships: Record<string, string[]> = {
  'user:default/ada.lovelace': [
    'user:default/ada.lovelace',
    'group:default/platform-team',
  ],
  'user:development/guest': ['user:development/guest'],
};
const policy = new ReadinessDemoPolicy(
  new Set(['group:default/platform-team']),
  {
    async getUserInfo(credentials) {
      const userEntityRef = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return { userEntityRef, ownershipEntityRefs: memberships[userEntityRef] };
    },
  },
);
const as = (userEntityRef: string) => ({
  credentials: {
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'user', userEntityRef },
  } as BackstageCredentials,
  info: { userEntityRef, ownershipEntityRefs: [] },
});

describe('ReadinessDemoPolicy', () => {
  it('lets only members of an approver group approve waivers, and allows everything else', async () => {
    const decide = async (permission: typeof approve, user?: string) =>
      (await policy.handle({ permission }, user ? as(user) : undefined)).result;
    expect(await decide(approve, 'user:default/ada.lovelace')).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(await decide(approve, 'user:development/guest')).toBe(
      AuthorizeResult.DENY,
    );
    expect(await decide(approve)).toBe(AuthorizeResult.DENY);
    expect(await decide(create, 'user:development/guest')).toBe(
      AuthorizeResult.ALLOW,
    );
  });
});
