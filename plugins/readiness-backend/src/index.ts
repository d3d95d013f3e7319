/**
 * Readiness backend plugin: collects readiness evidence, evaluates tiers and serves the REST API.
 *
 * @packageDocumentation
 */
export { readinessPlugin as default } from './plugin';
