export { EntityReadinessHistoryCard } from './EntityReadinessHistoryCard';
