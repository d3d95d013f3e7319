/**
 * Readiness frontend plugin: readiness tiers, scores and stop-work orders on the entity page.
 *
 * @packageDocumentation
 */
export {};
