export { registerReadinessActions } from './registerReadinessActions';
