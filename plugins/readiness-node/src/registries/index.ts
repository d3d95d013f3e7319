export {
  DEFAULT_CRATES_INDEX_URL,
  DEFAULT_NPM_REGISTRY_URL,
  RegistryHealthClient,
  type RegistryHealthClientOptions,
  type RegistryHealthResult,
  type RegistryHealthSource,
} from './RegistryHealthClient';
