import { ConflictError } from '@backstage/errors';
import type {
  Campaign,
  CampaignTrendPoint,
} from '@readiness/plugin-readiness-common';
import type { Knex } from 'knex';
import { parseJson, toBoolean, toIso } from './rows';

const CAMPAIGNS = 'readiness_campaigns';
const SNAPSHOTS = 'readiness_campaign_snapshots';

/** @internal */
export interface CampaignStore {
  /** A ConflictError when the id is taken, archived campaigns included. */
  createCampaign(campaign: Campaign): Promise<Campaign>;
  /** Active campaigns, by deadline; with `archived`, every campaign. */
  listCampaigns(options?: { archived?: boolean }): Promise<Campaign[]>;
  getCampaign(id: string): Promise<Campaign | undefined>;
  /** False when there is no active campaign with that id. */
  archiveCampaign(id: string, options: { now: Date }): Promise<boolean>;
  /** The day's snapshot; the first one of a day is kept, so reruns change nothing. */
  recordCampaignSnapshot(id: string, point: CampaignTrendPoint): Promise<void>;
  /** Snapshots from `sinceDay` on, oldest first. */
  listCampaignSnapshots(
    id: string,
    sinceDay: string,
  ): Promise<CampaignTrendPoint[]>;
}

function toCampaign(row: any): Campaign {
  const checks = parseJson<string[]>(row.checks);
  return {
    id: row.id,
    title: row.title,
    ...(row.description ? { description: row.description } : {}),
    ...(row.target_tier ? { targetTier: row.target_tier } : {}),
    ...(checks ? { checks } : {}),
    appliesTo: JSON.parse(row.applies_to),
    deadline: toIso(row.deadline),
    owner: row.owner,
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    ...(toBoolean(row.promote) ? { promote: true } : {}),
    ...(row.archived_at ? { archivedAt: toIso(row.archived_at) } : {}),
  };
}

/** @internal */
export function createCampaignStore(db: Knex): CampaignStore {
  return {
    async createCampaign(campaign) {
      const inserted = await db(CAMPAIGNS)
        .insert({
          id: campaign.id,
          title: campaign.title,
          description: campaign.description ?? null,
          target_tier: campaign.targetTier ?? null,
          checks: campaign.checks ? JSON.stringify(campaign.checks) : null,
          applies_to: JSON.stringify(campaign.appliesTo),
          deadline: new Date(campaign.deadline),
          owner: campaign.owner,
          created_by: campaign.createdBy,
          created_at: new Date(campaign.createdAt),
          promote: campaign.promote ?? false,
        })
        .onConflict('id')
        .ignore()
        .returning('id');
      if (inserted.length === 0) {
        throw new ConflictError(`A campaign with id ${campaign.id} exists`);
      }
      return (await this.getCampaign(campaign.id))!;
    },

    async listCampaigns(options) {
      const query = db(CAMPAIGNS).orderBy([
        { column: 'deadline' },
        { column: 'id' },
      ]);
      if (!options?.archived) {
        query.whereNull('archived_at');
      }
      return (await query).map(toCampaign);
    },

    async getCampaign(id) {
      const row = await db(CAMPAIGNS).where({ id }).first();
      return row ? toCampaign(row) : undefined;
    },

    async archiveCampaign(id, { now }) {
      const updated = await db(CAMPAIGNS)
        .where({ id })
        .whereNull('archived_at')
        .update({ archived_at: now });
      return updated > 0;
    },

    async recordCampaignSnapshot(id, point) {
      await db(SNAPSHOTS)
        .insert({
          campaign_id: id,
          day: point.day,
          total: point.total,
          at_target: point.atTarget,
        })
        .onConflict(['campaign_id', 'day'])
        .ignore();
    },

    async listCampaignSnapshots(id, sinceDay) {
      const rows = await db(SNAPSHOTS)
        .where({ campaign_id: id })
        .where('day', '>=', sinceDay)
        .orderBy('day');
      return rows.map(row => ({
        day: row.day,
        total: Number(row.total),
        atTarget: Number(row.at_target),
      }));
    },
  };
}
