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
