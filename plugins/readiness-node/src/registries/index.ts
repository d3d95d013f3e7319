export {
  RegistryHealthClient,
  type RegistryHealthClientOptions,
  type RegistryHealthResult,
  type RegistryHealthSource,
} from './RegistryHealthClient';
export {
  RegistryLicenseClient,
  type RegistryLicenseClientOptions,
  type RegistryLicenseResult,
  type RegistryLicenseSource,
} from './RegistryLicenseClient';
