import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError, NotFoundError, stringifyError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  type Campaign,
  type CampaignCreateRequest,
  type CampaignEntityGap,
  type CampaignProgress,
  type ReadinessConfig,
  applyCampaignPromotions,
  campaignGap,
  checkAppliesTo,
} from '@readiness/plugin-readiness-common';
import type {
  CampaignStore,
  FollowUpStore,
  ReadinessStore,
  StoredSummary,
} from '../database';
import { deliverNotification } from './notifier';

const DAY_MS = 24 * 60 * 60 * 1000;
const TREND_DAYS = 90;
const PAGE = 1000;
const PROMOTIONS_TTL_MS = 60_000;

/**
 * Campaigns, their progress over the stored summaries and reports, their
 * daily trend and their reminders.
 *
 * @internal
 */
export interface Campaigns {
  create(request: CampaignCreateRequest, createdBy: string): Promise<Campaign>;
  archive(id: string): Promise<void>;
  /** Active campaigns with their progress over what the caller may read. */
  list(readable: string[] | undefined): Promise<CampaignProgress[]>;
  get(id: string, readable: string[] | undefined): Promise<CampaignProgress>;
  /**
   * The engine's config with the promotions of active campaigns applied
   * (archiving a campaign withdraws its promotion); campaigns are read at
   * most once a minute.
   */
  promote(engine: ReadinessConfig): Promise<ReadinessConfig>;
  /**
   * Records today's snapshot of each active campaign and sends the reminders
   * due; run by the follow-up task, as often as it likes.
   */
  run(now: Date): Promise<void>;
}

/** @internal */
export interface CampaignConfig {
  /** Days before a deadline when owners not at target hear of it, e.g. 14 and 3. */
  reminderDaysBefore: number[];
}

/** Reads readiness.campaigns; reminders 14 and 3 days before by default. */
export function readCampaignConfig(config: Config): CampaignConfig {
  const days = config.getOptional<number[]>(
    'readiness.campaigns.reminderDaysBefore',
  ) ?? [14, 3];
  if (!days.every(d => Number.isInteger(d) && d > 0)) {
    throw new InputError(
      'readiness.campaigns.reminderDaysBefore: expected whole numbers of days above 0',
    );
  }
  return { reminderDaysBefore: [...new Set(days)].sort((a, b) => a - b) };
}

interface Covered {
  summary: StoredSummary;
  gap?: Pick<CampaignEntityGap, 'tier' | 'checks'>;
}

const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/** @internal */
export function createCampaigns(options: {
  campaigns: CampaignStore;
  store: Pick<ReadinessStore, 'listSummaries' | 'getReport'>;
  claims: Pick<FollowUpStore, 'claim'>;
  catalog: CatalogService;
  auth: AuthService;
  notifications?: NotificationService;
  logger: LoggerService;
  config: CampaignConfig;
  now?: () => Date;
}): Campaigns {
  const { campaigns, store, claims, catalog, auth, logger, config } = options;
  const now = options.now ?? (() => new Date());

  async function allSummaries(): Promise<StoredSummary[]> {
    const items: StoredSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listSummaries({ limit: PAGE, cursor });
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  /**
   * Each campaign's entities and where they stand. The summaries and the
   * catalog are read once for all campaigns; reports only when a campaign
   * names checks.
   */
  async function cover(list: Campaign[]): Promise<Map<string, Covered[]>> {
    const covered = new Map<string, Covered[]>();
    if (list.length === 0) {
      return covered;
    }
    const summaries = await allSummaries();
    // The predicate reads the catalog entity, tags and annotations included,
    // as the plugin sees it; callers are limited to what they may read after.
    const { items: entities } = summaries.length
      ? await catalog.getEntitiesByRefs(
          {
            entityRefs: summaries.map(s => s.entityRef),
            fields: ['kind', 'metadata', 'spec'],
          },
          { credentials: await auth.getOwnServiceCredentials() },
        )
      : { items: [] };
    for (const campaign of list) {
      const entries: Covered[] = [];
      for (const [i, summary] of summaries.entries()) {
        const entity = entities[i];
        if (!entity || !checkAppliesTo(campaign, entity)) {
          continue;
        }
        const report = campaign.checks
          ? await store.getReport(summary.entityRef)
          : undefined;
        entries.push({
          summary,
          gap: campaignGap(campaign, {
            tier: summary.tier,
            checks: report?.checks,
          }),
        });
      }
      covered.set(campaign.id, entries);
    }
    return covered;
  }

  async function progressOf(
    campaign: Campaign,
    entries: Covered[],
    readable: string[] | undefined,
  ): Promise<CampaignProgress> {
    const allowed = readable && new Set(readable);
    const visible = allowed
      ? entries.filter(e => allowed.has(e.summary.entityRef))
      : entries;
    const notAtTarget = visible.flatMap(({ summary, gap }) =>
      gap
        ? [
            {
              entityRef: summary.entityRef,
              ...(summary.title ? { title: summary.title } : {}),
              ...(summary.owner ? { owner: summary.owner } : {}),
              ...gap,
            },
          ]
        : [],
    );
    const atTarget = visible.length - notAtTarget.length;
    return {
      campaign,
      total: visible.length,
      atTarget,
      share: visible.length ? atTarget / visible.length : 0,
      notAtTarget,
      trend: await campaigns.listCampaignSnapshots(
        campaign.id,
        dayOf(new Date(now().getTime() - TREND_DAYS * DAY_MS)),
      ),
    };
  }

  /** The smallest lead time the deadline is within, if any. */
  function reminderPeriod(campaign: Campaign, at: Date): number | undefined {
    const left = Date.parse(campaign.deadline) - at.getTime();
    if (left <= 0) {
      return undefined;
    }
    return config.reminderDaysBefore.find(days => left <= days * DAY_MS);
  }

  async function remind(campaign: Campaign, entries: Covered[], at: Date) {
    const days = reminderPeriod(campaign, at);
    if (days === undefined) {
      return;
    }
    const byOwner = new Map<string, string[]>();
    for (const { summary, gap } of entries) {
      if (gap && summary.owner) {
        byOwner.set(summary.owner, [
          ...(byOwner.get(summary.owner) ?? []),
          summary.title ?? summary.name,
        ]);
      }
    }
    for (const [owner, names] of byOwner) {
      // One message per owner and lead time, across restarts and instances.
      const key = `campaign:${campaign.id}:${days}d:${owner}`;
      if (!(await claims.claim(key, { now: at }))) {
        continue;
      }
      await deliverNotification({
        notifications: options.notifications,
        logger,
        recipients: [owner],
        payload: {
          title: `Campaign "${campaign.title}": ${names.length} of yours not at target, due ${campaign.deadline.slice(0, 10)}`,
          description: `Not at target yet: ${names.join(', ')}.`,
          link: '/readiness',
          severity: days <= 3 ? 'high' : 'normal',
          topic: 'readiness-campaign',
          scope: `readiness:campaign:${campaign.id}:${owner}`,
        },
        context: { claim: key },
      });
    }
  }

  let promoting: { at: number; list: Promise<Campaign[]> } | undefined;

  return {
    async promote(engine) {
      const at = now().getTime();
      if (!promoting || at - promoting.at > PROMOTIONS_TTL_MS) {
        promoting = {
          at,
          list: campaigns
            .listCampaigns()
            .then(list => list.filter(c => c.promote)),
        };
      }
      const list = await promoting.list.catch(error => {
        promoting = undefined;
        throw error;
      });
      return list.length ? applyCampaignPromotions(engine, list) : engine;
    },

    async create(request, createdBy) {
      if (Date.parse(request.deadline) <= now().getTime()) {
        throw new InputError('deadline: must be in the future');
      }
      const created = await campaigns.createCampaign({
        ...request,
        createdBy,
        createdAt: now().toISOString(),
      });
      promoting = undefined;
      return created;
    },

    async archive(id) {
      if (!(await campaigns.archiveCampaign(id, { now: now() }))) {
        throw new NotFoundError(`No active campaign ${id}`);
      }
      promoting = undefined;
    },

    async list(readable) {
      const list = await campaigns.listCampaigns();
      const covered = await cover(list);
      return Promise.all(
        list.map(c => progressOf(c, covered.get(c.id)!, readable)),
      );
    },

    async get(id, readable) {
      const campaign = await campaigns.getCampaign(id);
      if (!campaign || campaign.archivedAt) {
        throw new NotFoundError(`No active campaign ${id}`);
      }
      const covered = await cover([campaign]);
      return progressOf(campaign, covered.get(id)!, readable);
    },

    async run(at) {
      const list = await campaigns.listCampaigns();
      const covered = await cover(list);
      for (const campaign of list) {
        const entries = covered.get(campaign.id)!;
        // Past the deadline the trend stops where the campaign ended.
        if (at.getTime() <= Date.parse(campaign.deadline) + DAY_MS) {
          await campaigns.recordCampaignSnapshot(campaign.id, {
            day: dayOf(at),
            total: entries.length,
            atTarget: entries.filter(e => !e.gap).length,
          });
        }
        try {
          await remind(campaign, entries, at);
        } catch (error) {
          logger.warn(
            `Could not send the reminders of campaign ${campaign.id}: ${stringifyError(error)}`,
          );
        }
      }
    },
  };
}
