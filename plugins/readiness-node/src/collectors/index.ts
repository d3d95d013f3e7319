export type {
  CollectedEvidence,
  CollectorContext,
  ReadinessCollector,
} from './types';
export { CollectorRegistry } from './CollectorRegistry';
export * from './catalog';
export * from './repository';
