/**
 * All tiers, lowest first. The one list of tiers: the `Tier` type, the
 * schemas, ranks and every display order derive from it.
 *
 * @public
 */
export const readinessTiers = ['mvs', 'production', 'enterprise'] as const;

/**
 * A readiness tier. Tiers are cumulative: `production` requires everything
 * `mvs` requires, and `enterprise` everything `production` requires.
 *
 * @public
 */
export type Tier = (typeof readinessTiers)[number];

/**
 * An achieved tier, or `none` for an entity that achieves no tier: what
 * distributions count and filters select.
 *
 * @public
 */
export type TierOrNone = Tier | 'none';

/**
 * Every tier and `none`, best first: the order of distributions, filters and
 * tier pickers.
 *
 * @public
 */
export const tiersBestFirst: readonly TierOrNone[] = [
  ...[...readinessTiers].reverse(),
  'none',
];

/**
 * The position of a tier, lowest first (`mvs` is 0).
 *
 * @public
 */
export function tierRank(tier: Tier): number {
  return readinessTiers.indexOf(tier);
}

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
