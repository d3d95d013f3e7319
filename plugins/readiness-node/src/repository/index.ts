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
