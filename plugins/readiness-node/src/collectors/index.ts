export type {
  CollectedEvidence,
  CollectorContext,
  ReadinessCollector,
  ReadinessEvidenceKind,
} from './types';
export { CollectorRegistry } from './CollectorRegistry';
export * from './catalog';
export * from './repository';
