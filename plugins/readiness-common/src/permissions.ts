import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Collect and evaluate an entity now. Entity-scoped, so policies can use
 * catalog conditions such as ownership.
 *
 * @public
 */
export const readinessEntityRefreshPermission = createPermission({
  name: 'readiness.entity.refresh',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Push evidence for an entity (CI).
 *
 * @public
 */
export const readinessEvidenceCreatePermission = createPermission({
  name: 'readiness.evidence.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Record an attestation for an entity.
 *
 * @public
 */
export const readinessAttestationCreatePermission = createPermission({
  name: 'readiness.attestation.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Revoke an attestation of an entity before it expires.
 *
 * @public
 */
export const readinessAttestationDeletePermission = createPermission({
  name: 'readiness.attestation.delete',
  attributes: { action: 'delete' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Accept a risk on one check of an entity until a date.
 *
 * @public
 */
export const readinessWaiverCreatePermission = createPermission({
  name: 'readiness.waiver.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Revoke a waiver of an entity before it expires.
 *
 * @public
 */
export const readinessWaiverDeletePermission = createPermission({
  name: 'readiness.waiver.delete',
  attributes: { action: 'delete' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Approve or deny a pending waiver of an entity. Without it a waiver
 * request stays pending; with it, a request or an OpenVEX push is approved
 * as it is made.
 *
 * @public
 */
export const readinessWaiverApprovePermission = createPermission({
  name: 'readiness.waiver.approve',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Issue or lift a manual stop-work order on an entity.
 *
 * @public
 */
export const readinessStopWorkManagePermission = createPermission({
  name: 'readiness.stopwork.manage',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Create and archive campaigns. Not entity-scoped: a campaign spans many.
 *
 * @public
 */
export const readinessCampaignManagePermission = createPermission({
  name: 'readiness.campaign.manage',
  attributes: { action: 'update' },
});

/**
 * All readiness permissions, for `permissionsRegistry`.
 *
 * @public
 */
export const readinessPermissions = [
  readinessEntityRefreshPermission,
  readinessEvidenceCreatePermission,
  readinessAttestationCreatePermission,
  readinessAttestationDeletePermission,
  readinessWaiverCreatePermission,
  readinessWaiverDeletePermission,
  readinessStopWorkManagePermission,
  readinessWaiverApprovePermission,
  readinessCampaignManagePermission,
];
