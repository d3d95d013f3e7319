export { default } from './alpha/plugin';
export {
  readinessEntityStopWorkBanner,
  readinessEntitySummaryCard,
} from './alpha/entityCards';
export { readinessApi } from './alpha/apis';
export { readinessTranslationRef } from './translation';
export { readinessScorecardPage } from './alpha/pages';
