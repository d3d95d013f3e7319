export {
  readLocalRepository,
  readRemoteRepository,
  resolveAllowedDirectory,
  RepositoryAccessError,
  type RepositoryReadOptions,
  type RepositorySnapshot,
} from './readRepository';
export {
  resolveSourceLocation,
  type RepositoryLocation,
} from './resolveSourceLocation';
export { createPathExclusion, EXCLUDE_PATHS_ANNOTATION } from './excludedPaths';
export {
  readRegularFile,
  type ReadRegularFileOptions,
  type RegularFileRead,
} from './readRegularFile';
