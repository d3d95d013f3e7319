/**
 * What one backend instance did in a collection run: the entities it holds
 * now and those it settled.
 *
 * @public
 */
export interface CollectionInstanceProgress {
  instance: string;
  entitiesClaimed: number;
  entitiesDone: number;
  entitiesFailed: number;
  entitiesDeferred: number;
}

/**
 * Requests a collection run sent to one source (`repository`, `github`,
 * `osv`), its configured cap, and until when the source asked to wait.
 *
 * @public
 */
export interface CollectionSourceRequests {
  requests: number;
  maxRequestsPerCycle?: number;
  blockedUntil?: string;
}

/**
 * A run's work queue, shared by every backend instance on the database.
 *
 * @public
 */
export interface CollectionQueueProgress {
  /** Entities waiting for an instance (or for a source's rate limit to reset). */
  entitiesQueued?: number;
  /** Entities an instance is collecting now. */
  entitiesClaimed?: number;
  /**
   * Entities a budget left for the task's next run; their evidence is
   * kept as it was, not marked failed.
   */
  entitiesDeferred?: number;
  /** Per instance that claimed entities of the run. */
  instances?: CollectionInstanceProgress[];
  /** Requests per source in this run. */
  requests?: Record<string, CollectionSourceRequests>;
}

/**
 * Progress of one collection run, as every backend instance sees it.
 *
 * @public
 */
export interface CollectionRunProgress extends CollectionQueueProgress {
  /** The collector's id, or `recheck` for the stop-work re-evaluation. */
  task: string;
  running: boolean;
  startedAt: string;
  finishedAt?: string;
  entitiesDone: number;
  entitiesTotal: number;
  /** Entities whose collection failed in this run. */
  entitiesFailed: number;
  /** The run stopped reporting progress without finishing (its instance stopped). */
  interrupted?: boolean;
}

/**
 * Response of `GET /v1/collection`: the latest run of each task, and at the
 * top level the latest run started (running, if one is).
 *
 * @public
 */
export interface CollectionProgress extends CollectionQueueProgress {
  running: boolean;
  /** The task of the run described at the top level. */
  task?: string;
  startedAt?: string;
  finishedAt?: string;
  entitiesDone: number;
  entitiesTotal: number;
  /** Entities whose collection failed in this run. */
  entitiesFailed: number;
  /** The latest run of every task. */
  runs: CollectionRunProgress[];
}
