export interface Config {
  /** Configuration of the Readiness plugin. */
  readiness?: {
    /** The GitHub Actions collector (`@readiness/plugin-readiness-backend-module-github`). */
    github?: {
      /**
       * Regular expression (case-insensitive) matched against each workflow's
       * name and path; matching workflows are builds. Default
       * `build|ci|test|compile`.
       */
      buildWorkflowPattern?: string;
      /**
       * Regular expression (case-insensitive) matched against each workflow's
       * name and path; matching workflows deploy. Default
       * `deploy|release|publish|cd\b`.
       */
      deployWorkflowPattern?: string;
      /**
       * The GitHub deployment environment (for example `production`) whose
       * deployments and deployment statuses are read as `deployments`
       * evidence for the DORA metrics. None are read when unset.
       */
      deploymentEnvironment?: string;
      /**
       * The longest wait for a GitHub rate limit to reset before a collection
       * gives up (its evidence then turns stale). A duration such as `30s`,
       * `PT1M` or `{ seconds: 30 }`; default 30 seconds. Keep it below
       * `readiness.collection.entityTimeout`.
       */
      maxRateLimitWait?:
        | string
        | {
            /** Milliseconds. */
            milliseconds?: number;
            /** Seconds. */
            seconds?: number;
            /** Minutes. */
            minutes?: number;
            /** Hours. */
            hours?: number;
          };
      /**
       * The largest GitHub API response body read, in bytes; default
       * 8388608 (8 MiB). A larger answer fails the entity's collection with
       * a message naming the limit: its evidence turns stale and the checks
       * depending on it unknown. A job log is read up to this size instead,
       * and its error count is then a lower bound.
       */
      maxResponseBytes?: number;
      /**
       * The GitHub host of entities whose source location is not on a
       * configured GitHub host, e.g. `ghe.example.com`; default `github.com`.
       * It needs an entry under `integrations.github`.
       */
      host?: string;
      /**
       * One GitHub issue per failing blocker, in the repository of the
       * entity's `github.com/project-slug`, with the check's remediation
       * text, labelled `readiness-blocker` and closed when the blocker
       * clears. It needs a token that may write issues. Default false.
       */
      issues?: {
        enabled?: boolean;
      };
    };
  };
}
