import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogEvidenceValue } from '@readiness/plugin-readiness-common';
import type { CollectedEvidence, ReadinessCollector } from '../types';

/**
 * Annotations that show an operational integration is wired, by what they
 * prove. One annotation may prove several things (a PagerDuty service both
 * alerts and pages someone on call).
 */
const annotationSignals: Record<
  string,
  Array<
    | 'monitoring'
    | 'alerting'
    | 'onCall'
    | 'errorTracking'
    | 'codeQuality'
    | 'slo'
  >
> = {
  'grafana/dashboard-selector': ['monitoring'],
  'grafana/overview-dashboard': ['monitoring'],
  'grafana/alert-label-selector': ['alerting'],
  'datadoghq.com/dashboard-url': ['monitoring'],
  'datadoghq.com/graph-token': ['monitoring'],
  'prometheus.io/rule': ['monitoring'],
  'prometheus.io/alert': ['alerting'],
  'newrelic.com/dashboard-guid': ['monitoring'],
  'newrelic.com/dashboard-url': ['monitoring'],
  'pagerduty.com/service-id': ['alerting', 'onCall'],
  'pagerduty.com/integration-key': ['alerting', 'onCall'],
  'opsgenie.com/component-selector': ['alerting', 'onCall'],
  'opsgenie.com/team': ['onCall'],
  'sentry.io/project-slug': ['errorTracking'],
  'rollbar.com/project-slug': ['errorTracking'],
  'sonarqube.org/project-key': ['codeQuality'],
  // A link to the entity's service-level objectives (dashboard or SLO file).
  'readiness.io/slo': ['slo'],
};

const TECHDOCS_ANNOTATIONS = [
  'backstage.io/techdocs-ref',
  'backstage.io/techdocs-entity',
];

function normalizeRef(
  ref: unknown,
  defaultKind: string,
  namespace: string,
): string | undefined {
  if (typeof ref !== 'string' || !ref) {
    return undefined;
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace: namespace }),
    );
  } catch {
    return undefined;
  }
}

/**
 * What the catalog entity itself says about ownership, lifecycle, docs and
 * operations: the `catalog` evidence.
 *
 * @public
 */
export function readCatalogEvidence(entity: Entity): CatalogEvidenceValue {
  const annotations = entity.metadata.annotations ?? {};
  const namespace = entity.metadata.namespace ?? 'default';
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const value: CatalogEvidenceValue = {
    techdocs: TECHDOCS_ANNOTATIONS.some(a => Boolean(annotations[a])),
    monitoring: [],
    alerting: [],
    onCall: [],
    errorTracking: [],
    codeQuality: [],
  };
  const owner = normalizeRef(spec.owner, 'group', namespace);
  const system = normalizeRef(spec.system, 'system', namespace);
  if (owner) value.owner = owner;
  if (system) value.system = system;
  if (typeof spec.lifecycle === 'string' && spec.lifecycle) {
    value.lifecycle = spec.lifecycle;
  }
  for (const [annotation, signals] of Object.entries(annotationSignals)) {
    if (!annotations[annotation]) {
      continue;
    }
    for (const signal of signals) {
      (value[signal] ??= []).push(annotation);
    }
  }
  return value;
}

/**
 * Options of {@link createCatalogCollector}.
 *
 * @public
 */
export interface CatalogCollectorOptions {
  /** How long the evidence stays fresh; default 2 days (it is re-read daily). */
  freshForMs?: number;
}

/**
 * The built-in `catalog` collector: reads owner, lifecycle, system, TechDocs
 * and monitoring, alerting, on-call, error-tracking and code-quality
 * (SonarQube) annotations from the entity. It needs no I/O, so it never fails for reasons outside the entity.
 *
 * @public
 */
export function createCatalogCollector(
  options: CatalogCollectorOptions = {},
): ReadinessCollector {
  const freshForMs = options.freshForMs ?? 2 * 86_400_000;
  return {
    id: 'catalog',
    title: 'Catalog metadata',
    evidenceKeys: ['catalog'],
    async collect(entity, ctx): Promise<CollectedEvidence[]> {
      return [
        {
          key: 'catalog',
          value: readCatalogEvidence(entity),
          observedAt: ctx.now.toISOString(),
          staleAfter: new Date(ctx.now.getTime() + freshForMs).toISOString(),
        },
      ];
    },
  };
}
