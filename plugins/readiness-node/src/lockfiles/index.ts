export {
  DEFAULT_LOCKFILE_MAX_BYTES,
  isLockfile,
  lockfileGlobs,
  lockfileNames,
  parseLockfile,
  selectLockfiles,
} from './parseLockfile';
export type {
  Ecosystem,
  LockedPackage,
  LockfileParseResult,
  ParseLockfileOptions,
} from './types';
