export {
  DatabaseReadinessStore,
  InvalidCursorError,
} from './DatabaseReadinessStore';
export type * from './ReadinessStore';
