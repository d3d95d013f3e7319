export { buildCycloneDxSbom } from './cycloneDx';
export type { CycloneDxBom, CycloneDxSbomInput } from './cycloneDx';
export { analyzePushedSbom, PUSHED_SBOM_FILE } from './analyzePushedSbom';
export type {
  AnalyzePushedSbomOptions,
  PushedSbomAnalysis,
} from './analyzePushedSbom';
