/**
 * Test fixtures for packages that build on the Readiness engine.
 *
 * @packageDocumentation
 */
export { seedCaseEvidence, seedCaseFindings } from './seedCase';
