export interface Config {
  /**
   * The demo's stand-in for CI pipelines: after startup (and then daily) it
   * posts each `<directory>/<name>/.pipeline/readiness.json` to the Readiness
   * REST API, as those components' pipelines and people would. Off unless
   * enabled; meant for the demo portal only.
   */
  examplePipelines?: {
    /** Post the example pipelines' evidence; default false. */
    enabled?: boolean;
    /**
     * The examples directory, relative to the backend package; default
     * `../../examples`.
     */
    directory?: string;
  };
  /** The demo's permission policy (src/modules/permissionPolicy.ts). */
  readinessDemo?: {
    /**
     * User and group entity refs that may approve and deny Readiness
     * waivers (`readiness.waiver.approve`); nobody when absent.
     */
    waiverApprovers?: string[];
  };
}
