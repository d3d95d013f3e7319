// The values of the delivery evidence keys, from which the DORA metrics
// are computed: deployments, incidents and service-level objectives.

/**
 * One production deployment. It counts toward deployment frequency when it
 * succeeded, toward the change failure rate either way.
 *
 * @public
 */
export interface DeploymentEvent {
  /** The deployment's id in the tool that made it. */
  id?: string;
  /** ISO timestamp at which the deployment finished. */
  deployedAt: string;
  /** False when the deployment itself failed. */
  succeeded: boolean;
  /**
   * True when the deployed change degraded the service (rolled back, hot-fixed
   * or caused an incident), even though the deployment succeeded.
   */
  changeFailure?: boolean;
  /** ISO timestamp of the oldest commit it shipped, for lead time for changes. */
  committedAt?: string;
  environment?: string;
  /** The deployed revision. */
  sha?: string;
}

/**
 * The deployments of a recent period, newest or oldest first. Each push or
 * collection replaces the list, so it carries the whole metrics window.
 *
 * @public
 */
export interface DeploymentsEvidenceValue {
  deployments: DeploymentEvent[];
}

/**
 * One production incident (a service degradation that needed a fix).
 *
 * @public
 */
export interface IncidentEvent {
  id?: string;
  /** ISO timestamp at which the service degraded. */
  startedAt: string;
  /** ISO timestamp at which service was restored; absent while open. */
  resolvedAt?: string;
  /** The id of the deployment that caused it, which is then a change failure. */
  deploymentId?: string;
}

/**
 * The incidents of a recent period; each push replaces the list.
 *
 * @public
 */
export interface IncidentsEvidenceValue {
  incidents: IncidentEvent[];
}

/**
 * One service-level objective on record.
 *
 * @public
 */
export interface ServiceLevelObjective {
  name: string;
  /** The objective in percent, for example 99.9. */
  targetPercent: number;
  /** Where the objective and its burn rate are tracked. */
  link?: string;
}

/**
 * Service-level objectives on record for the entity.
 *
 * @public
 */
export interface SloEvidenceValue {
  objectives: ServiceLevelObjective[];
}
