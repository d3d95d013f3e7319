export { buildCycloneDxSbom } from './cycloneDx';
export type { CycloneDxBom, CycloneDxSbomInput } from './cycloneDx';
