export { readBackendConfig, type ReadinessBackendConfig } from './config';
export {
  createReadinessService,
  type ReadinessService,
  type StopWorkListener,
} from './ReadinessService';
export { createRollupService, type RollupService } from './RollupService';
export { createRouter } from './router';
export { scheduleCollection } from './scheduleCollection';
export { createStopWorkNotifier } from './stopWorkNotifier';
export { badgePath } from './badge';
