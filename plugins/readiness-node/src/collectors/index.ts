export type {
  CollectedEvidence,
  CollectorContext,
  CycleContext,
  ReadinessCollector,
} from './types';
export { CollectorRegistry } from './CollectorRegistry';
export * from './catalog';
export * from './repository';
