/*
 * The demo portal's permission policy: everything is allowed, as with the
 * allow-all policy, except approving and denying Readiness waivers, which
 * only the users and groups in `readinessDemo.waiverApprovers` may do. So a
 * guest's waiver request stays pending until an approver decides it. Replace
 * this module with your organisation's policy in a real installation.
 */

import {
  coreServices,
  createBackendModule,
  type UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';

/** readinessWaiverApprovePermission of @readiness/plugin-readiness-common. */
const WAIVER_APPROVE = 'readiness.waiver.approve';

/** Allows all but waiver approval, which needs to be (or be in) an approver. */
export class ReadinessDemoPolicy implements PermissionPolicy {
  constructor(
    private readonly approvers: ReadonlySet<string>,
    private readonly userInfo: Pick<UserInfoService, 'getUserInfo'>,
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (request.permission.name !== WAIVER_APPROVE) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
      user.credentials,
    );
    return {
      result: ownershipEntityRefs.some(ref => this.approvers.has(ref))
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
    };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'readiness-demo-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, userInfo }) {
        const approvers = new Set(
          config.getOptionalStringArray('readinessDemo.waiverApprovers') ?? [],
        );
        policy.setPolicy(new ReadinessDemoPolicy(approvers, userInfo));
      },
    });
  },
});
