export {
  RegistryHealthClient,
  type RegistryHealthClientOptions,
  type RegistryHealthResult,
  type RegistryHealthSource,
} from './RegistryHealthClient';
