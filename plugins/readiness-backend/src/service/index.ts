export { readBackendConfig, type ReadinessBackendConfig } from './config';
export {
  createReadinessService,
  type ReadinessService,
} from './ReadinessService';
export { type StopWorkListener } from './StopWorkOrders';
export { createSummaryService, type SummaryService } from './SummaryService';
export { createRollupService, type RollupService } from './RollupService';
export { createRouter } from './router';
export { scheduleCollection } from './scheduleCollection';
export { badgePath } from './badge';
export { createFollowUp, type FollowUp } from './followUp';
export { readFollowUpConfig, type FollowUpConfig } from './followUpConfig';
export { createReadinessEvents, readinessEventTopics } from './readinessEvents';
export { scheduleFollowUp } from './scheduleFollowUp';
export { evidencePushSchemaFor, type EvidenceKinds } from './evidenceKinds';
export { withCheckDefinitionFiles } from './checkDefinitionFiles';
export { createCheckPreview, type CheckPreview } from './CheckPreview';
export {
  createCampaigns,
  readCampaignConfig,
  type Campaigns,
} from './campaigns';
export { createCampaignRouter } from './campaignRouter';
