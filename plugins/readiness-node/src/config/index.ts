export { readReadinessConfig } from './readReadinessConfig';
export {
  applyCheckChanges,
  type CheckChanges,
  parseCheckChanges,
} from './checkChanges';
