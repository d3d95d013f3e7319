// The dev harness's readiness API: the test fixtures' reports and summary
// rows, answered in memory, so `yarn start` needs no backend.
import { NotFoundError } from '@backstage/errors';
import {
  countSummaries,
  evaluateGate,
  rollUpByOwner,
  rollUpCounts,
  summarizeReport,
  type AffectedEntitiesResponse,
  type CampaignProgress,
  type Attestation,
  type DistributionResponse,
  type DistributionSnapshot,
  type EntityRollupResponse,
  type EntitySummaryRow,
  type GateResponse,
  type EntityHistory,
  type HistoryEntry,
  type ReadinessCounts,
  type ReadinessReport,
  type ReadinessRollup,
  type RollupsQuery,
  type StopWorkOrderEntry,
  type SummariesResponse,
  type Tier,
  type Waiver,
} from '@readiness/plugin-readiness-common';
import type {
  ReadinessApi,
  ReadinessSummariesQuery,
} from '../src/api/ReadinessApi';
import {
  clearReport,
  seedEntityRef,
  seedReportWithAllStatuses,
} from '../src/testing/seedReport';
import { summaryRow } from '../src/testing/summaryRow';

/** The entity under a stop-work order: the incident report's system. */
export const stopWorkEntityRef = seedEntityRef;
/** An entity whose MVS checks pass. */
export const clearEntityRef = 'component:default/inventory-api';

const day = 24 * 60 * 60 * 1000;

function withRef(report: ReadinessReport, entityRef: string): ReadinessReport {
  return { ...report, entityRef };
}

function row(report: ReadinessReport, extra: Partial<EntitySummaryRow>) {
  const name = report.entityRef.split('/')[1];
  return summaryRow(name, { ...summarizeReport(report), ...extra });
}

/** A ReadinessApi over fixed reports and a small org of summary rows. */
export class MockReadinessApi implements ReadinessApi {
  private readonly reports = new Map<string, ReadinessReport>([
    [stopWorkEntityRef, seedReportWithAllStatuses()],
    [clearEntityRef, withRef(clearReport(), clearEntityRef)],
  ]);

  private readonly rows: EntitySummaryRow[] = [
    row(this.reports.get(stopWorkEntityRef)!, {
      title: 'Legacy billing',
      owner: 'group:default/billing',
      system: 'system:default/payments',
      lifecycle: 'production',
      requiredTier: 'production',
      belowRequiredTier: true,
    }),
    row(this.reports.get(clearEntityRef)!, {
      owner: 'group:default/logistics',
      system: 'system:default/warehouse',
      lifecycle: 'production',
    }),
    summaryRow('payments-api', {
      tier: 'enterprise',
      score: 96,
      risk: 'none',
      counts: { pass: 16, fail: 0, unknown: 0, waived: 0 },
      owner: 'group:default/billing',
      system: 'system:default/payments',
      lifecycle: 'production',
    }),
    summaryRow('search-indexer', {
      tier: 'production',
      score: 81,
      owner: 'group:default/logistics',
      system: 'system:default/warehouse',
      lifecycle: 'experimental',
    }),
    summaryRow('notifications', {
      tier: null,
      score: 38,
      risk: 'high',
      counts: { pass: 4, fail: 1, unknown: 11, waived: 0 },
      owner: 'group:default/platform',
      lifecycle: 'experimental',
    }),
  ];

  async getReport(entityRef: string): Promise<ReadinessReport> {
    const report = this.reports.get(entityRef);
    if (!report) {
      throw new NotFoundError(`no readiness report for ${entityRef}`);
    }
    return report;
  }

  async refresh(entityRef: string): Promise<ReadinessReport> {
    const report = await this.getReport(entityRef);
    return { ...report, evaluatedAt: new Date().toISOString() };
  }

  async getSummaries(
    query: ReadinessSummariesQuery = {},
  ): Promise<SummariesResponse> {
    const q = query.q?.toLocaleLowerCase('en-US');
    const items = this.rows.filter(
      r =>
        (!query.tier || (r.tier ?? 'none') === query.tier) &&
        (!query.stopWork || r.stopWork) &&
        (!query.belowRequiredTier || r.belowRequiredTier) &&
        (!query.owner || r.owner === query.owner) &&
        (!query.system || r.system === query.system) &&
        (!query.lifecycle || r.lifecycle === query.lifecycle) &&
        (!q || r.entityRef.includes(q)),
    );
    return { items, totalCount: items.length };
  }

  async getSummariesByRefs(entityRefs: string[]) {
    return this.rows.filter(r => entityRefs.includes(r.entityRef));
  }

  async getDistribution(): Promise<DistributionResponse> {
    const values = (key: 'owner' | 'system' | 'lifecycle') =>
      [...new Set(this.rows.flatMap(r => (r[key] ? [r[key]!] : [])))].sort();
    return {
      counts: countSummaries(this.rows),
      facets: {
        owners: values('owner'),
        systems: values('system'),
        lifecycles: values('lifecycle'),
      },
    };
  }

  async getDistributionTrend(days = 90): Promise<DistributionSnapshot[]> {
    // A month ago every component but one was still without a tier.
    const now = countSummaries(this.rows);
    const before: ReadinessCounts = {
      ...now,
      tiers: { enterprise: 0, production: 1, mvs: 0, none: now.total - 1 },
    };
    return [Math.min(days, 30), 0].map((ago, index) => ({
      day: new Date(Date.now() - ago * day).toISOString().slice(0, 10),
      counts: index === 0 ? before : now,
    }));
  }

  async listCampaigns(): Promise<CampaignProgress[]> {
    return [];
  }

  async getRollups(by: RollupsQuery['by']): Promise<ReadinessRollup[]> {
    const direct = new Map<string, ReadinessCounts>();
    for (const key of new Set(this.rows.map(r => r[by]))) {
      if (key) {
        direct.set(key, countSummaries(this.rows.filter(r => r[by] === key)));
      }
    }
    return rollUpByOwner(direct, new Map());
  }

  async getEntityRollup(entityRef: string): Promise<EntityRollupResponse> {
    const owned = this.rows.filter(
      r => r.owner === entityRef || r.system === entityRef,
    );
    return {
      rollup: rollUpCounts(entityRef, countSummaries(owned)),
      holdingBack: owned.filter(r => r.stopWork || r.tier === null),
    };
  }

  async getHistory(entityRef: string): Promise<HistoryEntry[]> {
    const { evaluatedAt, tier, score, stopWork, risk } = summarizeReport(
      await this.getReport(entityRef),
    );
    return [{ evaluatedAt, tier, score, stopWork, risk }];
  }

  async getEntityHistory(entityRef: string): Promise<EntityHistory> {
    const items = await this.getHistory(entityRef);
    return {
      items,
      currentTier: { tier: items[0].tier, since: items[0].evaluatedAt },
      regressions: [],
    };
  }

  async getGate(entityRef: string, minTier: Tier): Promise<GateResponse> {
    return evaluateGate(await this.getReport(entityRef), minTier);
  }

  async listAttestations(): Promise<Attestation[]> {
    return [];
  }

  async listWaivers(): Promise<Waiver[]> {
    return [];
  }

  async requestWaiver(): Promise<Waiver> {
    throw new Error('The dev app records no waivers');
  }

  async decideWaiver(): Promise<Waiver> {
    throw new Error('The dev app records no waivers');
  }

  async listStopWorkOrders(): Promise<StopWorkOrderEntry[]> {
    return [];
  }

  async getAffectedEntities(): Promise<AffectedEntitiesResponse> {
    return { items: [], truncated: false };
  }

  async issueStopWork(entityRef: string): Promise<ReadinessReport> {
    return this.getReport(entityRef);
  }

  async liftStopWork(entityRef: string): Promise<ReadinessReport> {
    return this.getReport(entityRef);
  }
}
