import { parseEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  withReportFacts,
  type CampaignListResponse,
  type CampaignProgress,
  type Attestation,
  type DistributionResponse,
  type DistributionSnapshot,
  type EntityRollupResponse,
  type EntitySummaryRow,
  type GateResponse,
  type EntityHistory,
  type HistoryEntry,
  type ReadinessReport,
  type ReadinessRollup,
  type RollupsQuery,
  type SummariesResponse,
  type Tier,
  type AffectedEntitiesResponse,
  type StopWorkOrderEntry,
  type StopWorkOrderListResponse,
  type Waiver,
  type WaiverCreateRequest,
} from '@readiness/plugin-readiness-common';
import type { ReadinessApi, ReadinessSummariesQuery } from './ReadinessApi';

/**
 * Default {@link ReadinessApi} implementation, talking to the readiness
 * backend over HTTP.
 *
 * @public
 */
export class ReadinessClient implements ReadinessApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  /**
   * Reports being fetched, by path: the entity page's card, banner and
   * banner predicate ask at the same moment and share one request. Nothing
   * is kept once it settles, so a later call always reads afresh.
   */
  private readonly reportsInFlight = new Map<
    string,
    Promise<ReadinessReport>
  >();

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getReport(entityRef: string): Promise<ReadinessReport> {
    const path = entityPath(entityRef);
    const pending = this.reportsInFlight.get(path);
    if (pending) {
      return pending;
    }
    const request = this.requestReport(path).finally(() =>
      this.reportsInFlight.delete(path),
    );
    this.reportsInFlight.set(path, request);
    return request;
  }

  async refresh(entityRef: string): Promise<ReadinessReport> {
    return this.requestReport(`${entityPath(entityRef)}/refresh`, {
      method: 'POST',
    });
  }

  async getSummaries(
    query: ReadinessSummariesQuery = {},
  ): Promise<SummariesResponse> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) {
        params.set(key, String(value));
      }
    }
    const search = params.toString();
    return this.request<SummariesResponse>(
      `v1/summaries${search ? `?${search}` : ''}`,
    );
  }

  async getSummariesByRefs(entityRefs: string[]): Promise<EntitySummaryRow[]> {
    if (entityRefs.length === 0) {
      return [];
    }
    const { items } = await this.request<{ items: EntitySummaryRow[] }>(
      'v1/summaries/by-refs',
      { method: 'POST', body: { entityRefs } },
    );
    return items;
  }

  async getDistribution(): Promise<DistributionResponse> {
    return this.request<DistributionResponse>('v1/distribution');
  }

  async getDistributionTrend(
    days?: number,
    cut: { owner?: string; system?: string } = {},
  ): Promise<DistributionSnapshot[]> {
    const params = new URLSearchParams();
    if (days !== undefined) params.set('days', String(days));
    if (cut.owner) params.set('owner', cut.owner);
    if (cut.system) params.set('system', cut.system);
    const search = params.size > 0 ? `?${params}` : '';
    const { items } = await this.request<{ items: DistributionSnapshot[] }>(
      `v1/distribution/trend${search}`,
    );
    return items;
  }

  async getRollups(by: RollupsQuery['by']): Promise<ReadinessRollup[]> {
    const { items } = await this.request<{ items: ReadinessRollup[] }>(
      `v1/rollups?${new URLSearchParams({ by })}`,
    );
    return items;
  }

  async listCampaigns(): Promise<CampaignProgress[]> {
    const { items } = await this.request<CampaignListResponse>('v1/campaigns');
    return items;
  }

  async getEntityRollup(entityRef: string): Promise<EntityRollupResponse> {
    return this.request<EntityRollupResponse>(
      `${entityPath(entityRef)}/rollup`,
    );
  }

  async getHistory(entityRef: string): Promise<HistoryEntry[]> {
    return (await this.getEntityHistory(entityRef)).items;
  }

  async getEntityHistory(entityRef: string): Promise<EntityHistory> {
    return this.request<EntityHistory>(`${entityPath(entityRef)}/history`);
  }

  async getGate(entityRef: string, minTier: Tier): Promise<GateResponse> {
    const params = new URLSearchParams({ minTier });
    return this.request<GateResponse>(
      `${entityPath(entityRef)}/gate?${params}`,
    );
  }

  async listAttestations(entityRef: string): Promise<Attestation[]> {
    const { items } = await this.request<{ items: Attestation[] }>(
      `${entityPath(entityRef)}/attestations`,
    );
    return items;
  }

  async listStopWorkOrders(entityRef: string): Promise<StopWorkOrderEntry[]> {
    const { items } = await this.request<StopWorkOrderListResponse>(
      `${entityPath(entityRef)}/stop-work`,
    );
    return items;
  }

  async getAffectedEntities(
    entityRef: string,
  ): Promise<AffectedEntitiesResponse> {
    return this.request<AffectedEntitiesResponse>(
      `${entityPath(entityRef)}/stop-work/affected`,
    );
  }

  async listWaivers(entityRef: string): Promise<Waiver[]> {
    const { items } = await this.request<{ items: Waiver[] }>(
      `${entityPath(entityRef)}/waivers`,
    );
    return items;
  }

  async requestWaiver(
    entityRef: string,
    request: WaiverCreateRequest,
  ): Promise<Waiver> {
    return this.request<Waiver>(`${entityPath(entityRef)}/waivers`, {
      method: 'POST',
      body: request,
    });
  }

  async decideWaiver(
    entityRef: string,
    id: string,
    decision: 'approve' | 'deny' | 'revoke',
    reason?: string,
  ): Promise<Waiver> {
    return this.request<Waiver>(
      `${entityPath(entityRef)}/waivers/${encodeURIComponent(id)}/${decision}`,
      { method: 'POST', body: reason === undefined ? {} : { reason } },
    );
  }

  async issueStopWork(
    entityRef: string,
    reason: string,
  ): Promise<ReadinessReport> {
    return this.requestReport(`${entityPath(entityRef)}/stop-work`, {
      method: 'POST',
      body: { reason },
    });
  }

  async liftStopWork(
    entityRef: string,
    reason: string,
  ): Promise<ReadinessReport> {
    return this.requestReport(`${entityPath(entityRef)}/stop-work`, {
      method: 'DELETE',
      body: { reason },
    });
  }

  /**
   * A report request. A report the backend stored before a derived field
   * existed gets it filled in by the engine, so components only render.
   */
  private async requestReport(
    path: string,
    options: { method?: string; body?: unknown } = {},
  ): Promise<ReadinessReport> {
    return withReportFacts(await this.request<ReadinessReport>(path, options));
  }

  private async request<T>(
    path: string,
    options: { method?: string; body?: unknown } = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('readiness');
    const url = new URL(path, `${baseUrl.replace(/(?<!\/)\/+$/, '')}/`);
    const response = await this.fetchApi.fetch(url.toString(), {
      method: options.method ?? 'GET',
      ...(options.body === undefined
        ? {}
        : {
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(options.body),
          }),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

/** `v1/entities/<kind>/<namespace>/<name>`, each segment encoded. */
function entityPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return [
    'v1',
    'entities',
    encodeURIComponent(kind.toLocaleLowerCase('en-US')),
    encodeURIComponent(namespace.toLocaleLowerCase('en-US')),
    encodeURIComponent(name),
  ].join('/');
}
