export { buildOpenVex, readOpenVexWaivers } from './openVex';
export type {
  BuildOpenVexOptions,
  VexPackage,
  VexWaiverScope,
  VexWaiverScopes,
} from './openVex';
