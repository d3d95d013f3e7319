export type {
  CollectedEvidence,
  CollectorContext,
  CycleContext,
  ReadinessCollector,
  ReadinessCollectorPhases,
  ReadinessEvidenceKind,
} from './types';
export { CollectorRegistry } from './CollectorRegistry';
export * from './catalog';
export * from './repository';
