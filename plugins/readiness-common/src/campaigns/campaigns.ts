import type { FilterPredicate } from '@backstage/filter-predicates';
import { z } from 'zod';
import type { ReadinessConfig } from '../config';
import { getDefaultCheck, isBuiltInCheckId } from '../checks/defaultChecks';
import { appliesToSchema, tierSeverities } from '../checks/definitions';
import { meetsTier } from '../evaluation/evaluateTiers';
import {
  checkIdSchema,
  isoDateTimeSchema,
  maxNameLength,
  maxTextLength,
  tierSchema,
} from '../schemas/primitives';
import type {
  Campaign,
  CampaignCreateRequest,
  CampaignEntityGap,
  CheckId,
  CheckResult,
  CheckStatus,
  Tier,
} from '../types';
import { tierRank } from '../types';

/**
 * Most checks one campaign may name.
 *
 * @public
 */
export const maxCampaignChecks = 50;

/**
 * Body of `POST /v1/campaigns`: a tier, checks or both; `promote` needs both.
 *
 * @public
 */
export const campaignCreateRequestSchema: z.ZodType<CampaignCreateRequest> = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
        error: 'expected lower-case words joined by hyphens',
      })
      .max(100),
    title: z.string().trim().min(1).max(maxNameLength),
    description: z.string().trim().max(maxTextLength).optional(),
    targetTier: tierSchema.optional(),
    checks: z.array(checkIdSchema).min(1).max(maxCampaignChecks).optional(),
    appliesTo: appliesToSchema as z.ZodType<FilterPredicate>,
    deadline: isoDateTimeSchema,
    owner: z.string().trim().min(1).max(maxNameLength),
    promote: z.boolean().optional(),
  })
  .superRefine((campaign, ctx) => {
    if (!campaign.targetTier && !campaign.checks) {
      ctx.addIssue({
        code: 'custom',
        path: ['targetTier'],
        message: 'a campaign needs a targetTier, checks or both',
      });
    }
    if (campaign.promote && !(campaign.targetTier && campaign.checks)) {
      ctx.addIssue({
        code: 'custom',
        path: ['promote'],
        message: 'promoting needs both checks and the targetTier they join',
      });
    }
  });

/**
 * Where one entity stands against a campaign's target: undefined when it is
 * there, else what is missing. A check the report lacks or does not pass is
 * missing: unknown is never pass. Waived counts, as it does for tiers.
 *
 * @public
 */
export function campaignGap(
  target: { targetTier?: Tier; checks?: CheckId[] },
  report: {
    tier: Tier | null;
    checks?: Array<Pick<CheckResult, 'id' | 'status'>>;
  },
): Pick<CampaignEntityGap, 'tier' | 'checks'> | undefined {
  const byId = new Map((report.checks ?? []).map(c => [c.id, c.status]));
  const checks = (target.checks ?? []).flatMap(id => {
    const status: CheckStatus | 'missing' = byId.get(id) ?? 'missing';
    return status === 'pass' || status === 'waived' ? [] : [{ id, status }];
  });
  const tierMet =
    !target.targetTier || meetsTier(report.tier, target.targetTier);
  return tierMet && checks.length === 0
    ? undefined
    : { tier: report.tier, checks };
}

/**
 * The engine's config with the promotions of campaigns applied, as check
 * overrides: a promoting campaign's checks (built-in or custom) join its
 * target tier, effective from its deadline (until then they are upcoming
 * and count for nothing). A check already in that tier or a lower one is
 * left as it is: a campaign never relaxes a check.
 *
 * @public
 */
export function applyCampaignPromotions(
  config: ReadinessConfig,
  campaigns: readonly Campaign[],
): ReadinessConfig {
  const promoted = new Map<CheckId, { tier: Tier; effectiveFrom: string }>();
  for (const campaign of campaigns) {
    if (!campaign.promote || campaign.archivedAt || !campaign.targetTier) {
      continue;
    }
    for (const id of campaign.checks ?? []) {
      const earlier = promoted.get(id);
      // Of two campaigns promoting one check, the lower tier and the earlier date hold.
      promoted.set(id, {
        tier:
          earlier && tierRank(earlier.tier) < tierRank(campaign.targetTier)
            ? earlier.tier
            : campaign.targetTier,
        effectiveFrom:
          earlier && earlier.effectiveFrom < campaign.deadline
            ? earlier.effectiveFrom
            : campaign.deadline,
      });
    }
  }
  if (promoted.size === 0) {
    return config;
  }
  const lowers = (id: CheckId, tier: Tier) => {
    const promotion = promoted.get(id);
    return promotion && tierRank(tier) > tierRank(promotion.tier)
      ? promotion
      : undefined;
  };
  const checks = { ...config.checks };
  for (const id of promoted.keys()) {
    if (!isBuiltInCheckId(id)) {
      continue;
    }
    const override = checks[id] ?? {};
    const promotion = lowers(id, override.tier ?? getDefaultCheck(id).tier);
    if (promotion) {
      // The tier's severity follows, as for any tier override.
      checks[id] = { ...override, ...promotion };
    }
  }
  return {
    ...config,
    checks,
    ...(config.customChecks
      ? {
          customChecks: config.customChecks.map(check => {
            const promotion = lowers(check.id, check.tier);
            return promotion
              ? {
                  ...check,
                  ...promotion,
                  severity: tierSeverities[promotion.tier],
                }
              : check;
          }),
        }
      : {}),
  };
}
