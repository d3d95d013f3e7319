export { EntityStopWorkBanner } from './EntityStopWorkBanner';
export { isStopWorkActive } from './isStopWorkActive';
