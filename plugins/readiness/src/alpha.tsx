export { default } from './alpha/plugin';
export {
  readinessEntityHistoryCard,
  readinessEntityRollupCard,
  readinessEntityStopWorkBanner,
  readinessEntitySummaryCard,
} from './alpha/entityCards';
export { readinessTierCatalogFilter } from './alpha/filters';
export { readinessApi } from './alpha/apis';
export { readinessTranslationRef } from './translation';
export { readinessScorecardPage } from './alpha/pages';
