export {
  createAdvisorySource,
  createRegistryHealthSource,
  type AdvisorySourceConfig,
  type RegistryHealthConfig,
} from './createAdvisorySource';
export {
  createBuiltInCollectors,
  type BuiltInCollectorsOptions,
} from './createBuiltInCollectors';
export {
  collectEntityEvidence,
  type CollectEntityEvidenceOptions,
  type CollectionLogLevel,
  type EntityEvidence,
} from './collectEntityEvidence';
export { collectionFailureEvidence } from './collectionFailureEvidence';
export {
  reportSourceRateLimit,
  reportSourceRequest,
  runWithRequestReporter,
  type RequestReporter,
  type RequestSource,
} from './requestBudget';
