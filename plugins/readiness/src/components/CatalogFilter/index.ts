export {
  EntityReadinessFilter,
  type ReadinessTierFilterValue,
} from './EntityReadinessFilter';
export {
  ReadinessTierPicker,
  type ReadinessEntityFilters,
} from './ReadinessTierPicker';
export {
  createReadinessTierColumn,
  EntityReadinessTierCell,
} from './ReadinessTierColumn';
