export { ScorecardPage, ScorecardPageContent } from './ScorecardPage';
export { ReadinessScorecard } from './ReadinessScorecard';
export { csvCell, summariesToCsv } from './csv';
