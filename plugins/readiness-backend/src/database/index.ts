export {
  DatabaseReadinessStore,
  InvalidCursorError,
} from './DatabaseReadinessStore';
export type * from './ReadinessStore';
export {
  createFollowUpStore,
  type AffectedEntities,
  type FollowUpStore,
  type Regression,
} from './followUpStore';
export { createInventoryStore } from './inventoryStore';
export type {
  CollectionQueueCounts,
  CollectionQueueItem,
  CollectionQueueState,
  CollectionQueueStore,
} from './collectionQueueStore';
export type {
  CollectionBudgetStore,
  SourceRequestCount,
} from './collectionBudgetStore';
export { createCampaignStore, type CampaignStore } from './campaignStore';
