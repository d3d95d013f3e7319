/**
 * Node library for Readiness: the collectors extension point and the types
 * collector modules implement.
 *
 * @packageDocumentation
 */
export * from './collectors';
export * from './collection';
export * from './extensions';
export * from './lockfiles';
export * from './sbom';
export * from './repository';
export * from './advisories';
export * from './registries';
export * from './coverage';
export * from './http';
export * from './buildLogs';
export * from './checks';
export * from './vex';
export * from './config';
