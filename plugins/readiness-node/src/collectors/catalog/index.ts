export {
  createCatalogCollector,
  readCatalogEvidence,
  type CatalogCollectorOptions,
} from './catalogCollector';
