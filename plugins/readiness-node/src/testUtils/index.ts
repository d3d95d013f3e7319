/**
 * Test helpers for Readiness collector modules.
 *
 * @packageDocumentation
 */
export {
  createCollectorContext,
  type CapturedLogLine,
  type CreateCollectorContextOptions,
} from './createCollectorContext';
export {
  createMockCollector,
  type CreateMockCollectorOptions,
} from './createMockCollector';
export { createZipArchive, type ZipArchiveEntry } from './createZipArchive';
export { createMemoryInventoryStore } from './createMemoryInventoryStore';
