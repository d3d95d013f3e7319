export * from './api';
export * from './checks';
export * from './evidence';
export * from './report';
export * from './tiers';
export * from './advisorySources';
export * from './findings';
export * from './delivery';
