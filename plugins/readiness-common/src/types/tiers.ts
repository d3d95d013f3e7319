/**
 * A readiness tier. Tiers are cumulative: `production` requires everything
 * `mvs` requires, and `enterprise` everything `production` requires.
 *
 * @public
 */
export type Tier = 'mvs' | 'production' | 'enterprise';

/**
 * All tiers, lowest first. Use this order for comparisons and display.
 *
 * @public
 */
export const readinessTiers: readonly Tier[] = [
  'mvs',
  'production',
  'enterprise',
];

/**
 * Human-readable tier names, for UI labels and messages.
 *
 * @public
 */
export const tierTitles: Readonly<Record<Tier, string>> = {
  mvs: 'Minimum Viable System',
  production: 'Production Ready',
  enterprise: 'Enterprise Grade',
};
