import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import type { HumanDuration, JsonValue } from '@backstage/types';

export interface Config {
  /** Configuration of the Readiness plugin. */
  readiness?: {
    /**
     * Overrides of the default checks, nested by check id: the check
     * `quality.coverage` is configured at `readiness.checks.quality.coverage`.
     * `readiness.checks.custom` lists custom checks.
     * @visibility frontend
     */
    checks?: {
      /**
       * Custom check definitions, each with a CEL rule over the entity and
       * its evidence (docs/custom-checks.md). Validated at startup.
       */
      custom?: ReadinessCustomCheckConfig[];
      /**
       * URLs of check definitions files (YAML or JSON, `checks: [...]`),
       * read through the UrlReader at startup and added to `custom`. A file
       * that cannot be read or holds a bad definition stops the backend.
       */
      files?: string[];
      [area: string]:
        | {
            [name: string]: {
              /** Whether the check is evaluated; default true. */
              enabled?: boolean;
              /**
               * `blocker` failures raise a stop-work order; default by tier.
               * `required` is `major`, `advisory` is `minor`.
               */
              severity?:
                'blocker' | 'major' | 'minor' | 'required' | 'advisory';
              /** Moves the check to another tier (severity then defaults to that tier's). */
              tier?: 'mvs' | 'production' | 'enterprise';
              /** Re-scopes the check: an entity predicate (`@backstage/filter-predicates`). */
              appliesTo?: object;
              /** ISO date before which the check is shown as upcoming and counts for nothing. */
              effectiveFrom?: string;
              /** Thresholds by name, e.g. `minLinePercent` for `quality.coverage`. */
              thresholds?: { [name: string]: number };
            };
          }
        | ReadinessCustomCheckConfig[]
        | string[]
        | undefined;
    };
    /**
     * The pack of checks each entity gets: the first entry whose
     * `appliesTo` matches; `seed` (the built-in checks) by default.
     */
    packs?: Array<{
      /** `seed`, `osps-baseline` or `slsa-build` (docs/packs.md); others stop startup. */
      pack: string;
      /** The entities that get the pack (`@backstage/filter-predicates`); all when absent. */
      appliesTo?: object;
    }>;
    /**
     * The minimum tier per catalog lifecycle, e.g. `production: production`;
     * components below it are flagged as gaps.
     * @visibility frontend
     */
    requiredTiers?: {
      [lifecycle: string]: 'mvs' | 'production' | 'enterprise';
    };
    /**
     * The remediation timeline: each phase's time box, counted from the
     * start of the stop-work order (or of the plan), and who owns its items.
     */
    remediation?: {
      /**
       * Time boxes by phase; defaults are the seed's: immediate 0-24 h,
       * stabilise (blockers) weeks 1-2, production weeks 3-4, enterprise
       * weeks 5-8. An item is overdue once its phase's `due` has passed.
       */
      phases?: {
        [phase in 'immediate' | 'stabilise' | 'production' | 'enterprise']?: {
          /** When the phase starts, after the start of the order. */
          start?: HumanDuration | string;
          /** When its items are due, after the start of the order. */
          due?: HumanDuration | string;
        };
      };
      /**
       * The owner (an entity ref) of the items of a score dimension, e.g.
       * `security: group:default/security`; items of other dimensions go to
       * the entity's owner.
       */
      owners?: {
        [
          dimension in
            'build' | 'security' | 'testing' | 'documentation' | 'operations'
        ]?: string;
      };
    };
    /**
     * The DORA delivery metrics: the window of deployments and incidents
     * they are computed over, and the fewest events for a figure to get a
     * DORA class (fewer: unknown).
     */
    delivery?: {
      /** Days before the evaluation; default 30, at most 366. */
      windowDays?: number;
      /** Default 3. */
      minDeployments?: number;
      /** Restored incidents for time to restore; default 1. */
      minIncidents?: number;
    };
    /** How entities are collected and evaluated. */
    collection?: {
      /** Catalog kinds that get readiness reports; default `[Component]`. */
      kinds?: string[];
      /** Entities collected at the same time within one run; default 4. */
      concurrency?: number;
      /** Time one collector gets for one entity; default 60 seconds. */
      entityTimeout?: HumanDuration | string;
      /**
       * How often every entity is re-evaluated (expiring waivers and
       * attestations, stale evidence) and entities under stop-work are
       * collected again; default every hour.
       */
      recheckSchedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** How long data of an entity gone from the catalog is kept; default 7 days. */
      removalGracePeriod?: HumanDuration | string;
      /**
       * How long pushed evidence stays fresh when the push names no
       * `staleAfter`; default 30 days.
       */
      pushedEvidenceTtl?: HumanDuration | string;
      /**
       * How far a pushed `observedAt` may be ahead of the time the server
       * received it (clock skew between CI and the server); default 5
       * minutes. Later is refused with a 400.
       */
      maxClockSkew?: HumanDuration | string;
      /**
       * The latest a pushed `staleAfter` may be, counted from receipt;
       * default 400 days. Later is refused with a 400.
       */
      maxEvidenceLifetime?: HumanDuration | string;
      /**
       * The latest a waiver's `expiresAt` may be, counted from its
       * creation; default 365 days. Later is refused with a 400.
       */
      maxWaiverDuration?: HumanDuration | string;
      /** How long history rows are kept; default 365 days. */
      historyRetention?: HumanDuration | string;
      /**
       * A collection cycle is a queue in the plugin's database that every
       * instance works on: how long an instance's claim on an entity holds
       * without renewal before another takes it over; default 2 minutes
       * (renewed every third of it while the entity is collected).
       */
      lease?: HumanDuration | string;
      /**
       * How often each instance looks for queued entities; default 5 seconds
       * (one claim query when idle), so replicas join a cycle, and each of its
       * phases, soon after it is queued.
       */
      pollInterval?: HumanDuration | string;
      /** Claims of one entity in one cycle before it counts as failed; default 3. */
      maxAttempts?: number;
      /**
       * Requests per source and cycle: `repository` (the repository host,
       * through the UrlReader), `github` (the GitHub API), `osv`. Counted
       * always and shown by `GET /v1/collection`; with a cap, entities that
       * would spend a source whose cap is reached wait for the task's next
       * cycle (first in it), their evidence kept as it was. A source that
       * asks to wait (Retry-After, X-RateLimit-Reset) holds its entities
       * queued in the cycle until then.
       */
      budgets?: {
        [source: string]: {
          /** Entities stop starting once this many requests were sent. */
          maxRequestsPerCycle?: number;
        };
      };
    };
    /** How repositories are read by the built-in `repository` collector. */
    repository?: {
      /**
       * Local directories that entities registered from files may point
       * their `backstage.io/source-location` into. Nothing outside them is
       * read, symbolic links included. Empty by default: no local reads.
       */
      allowedLocalRoots?: string[];
      /** Files larger than this many bytes are not read; default 10 MiB. */
      maxFileBytes?: number;
      /** At most this many bytes are read per repository; default 64 MiB. */
      maxTotalBytes?: number;
      /** At most this many files are read per repository; default 5000. */
      maxFiles?: number;
      /** File extensions counted as source code, e.g. `[ts, rs, py]`. */
      sourceExtensions?: string[];
      /**
       * Globs of the files searched for TODO/FIXME markers (a marker counts
       * where it opens a comment: `// TODO`, `# FIXME`); `!` excludes,
       * e.g. `['src/**', '!src/generated/**']`. Default: all source files.
       */
      todoGlobs?: string[];
      /**
       * Regular expressions (case-insensitive) on CI workflow names, file
       * names and job names that mark a workflow as deploying.
       */
      deployPatterns?: string[];
    };
    /** The license policy of `compliance.licenses`, and where licenses are looked up. */
    licenses?: {
      /**
       * SPDX license ids a dependency may be used under (`MIT`,
       * `Apache-2.0`, `GPL-2.0-or-later`, `GPL-2.0+`); empty or absent allows
       * any license not denied. With neither list set the check is unknown.
       */
      allow?: string[];
      /** SPDX license ids a dependency must not be used under only. */
      deny?: string[];
      /**
       * Whether a dependency whose license is unknown (no SBOM, lockfile or
       * registry names one) still lets the check pass; default false, so
       * it makes the check unknown, naming it.
       */
      acceptUnknown?: boolean;
      /**
       * Where declared licenses are asked, for packages no SBOM or
       * lockfile licenses. No defaults: an ecosystem without a URL is
       * looked up nowhere.
       */
      registries?: {
        /** Ask no registry (air-gapped installs); default false. */
        offline?: boolean;
        /** Base URL of the npm registry or a mirror (`/<name>/<version>`). */
        npmBaseUrl?: string;
        /** Base URL of PyPI's JSON API or a mirror (`/pypi/<name>/<version>/json`). */
        pypiBaseUrl?: string;
        /** Base URL of the crates.io web API or a mirror (`/api/v1/crates/<name>/<version>`). */
        cratesApiBaseUrl?: string;
        /** The largest metadata body read, in bytes; default 4194304 (4 MiB). */
        maxResponseBytes?: number;
      };
    };
    /** Registry signals of dependency health (`security.audit`). */
    dependencyHealth?: {
      /**
       * The signals without which `security.audit` cannot pass:
       * `npm-deprecated` (npm's `deprecated` in the registry's package
       * metadata) and `crates-yanked` (crates.io's `yanked` in its sparse
       * index). One that could not be checked (offline, or the registry did
       * not answer) makes the check unknown, naming it. Default: both; list
       * fewer, or `[]`, to accept an audit without them (it still names
       * what was not checked).
       */
      requiredSignals?: Array<'npm-deprecated' | 'crates-yanked'>;
      /** Where the signals are asked. */
      registries?: {
        /** Ask no registry (air-gapped installs); default false. */
        offline?: boolean;
        /**
         * Base URL of the npm registry or a mirror. No default: without it
         * `npm-deprecated` is not checked.
         */
        npmBaseUrl?: string;
        /**
         * Base URL of the crates.io sparse index or a mirror (its
         * `/se/rd/serde` layout). No default: without it `crates-yanked` is
         * not checked.
         */
        cratesIndexBaseUrl?: string;
        /**
         * The largest package metadata body read, in bytes; default
         * 16777216 (16 MiB). A larger one leaves its package unchecked.
         */
        maxResponseBytes?: number;
      };
    };
    /** Where known vulnerabilities come from. */
    advisories?: {
      /**
       * A directory of OSV records for air-gapped installs, in OSV's offline
       * layout (`<Ecosystem>/all.zip`, as `readiness advisories download`
       * fetches it, read without unpacking) or unzipped
       * (`<Ecosystem>/<ID>.json`); when set, OSV is not called. A scanned
       * ecosystem it holds no records for makes the scan unknown.
       */
      directory?: string;
      /**
       * How old the newest record in `directory` may be, in days, before
       * vulnerability scans against it are stale (unknown, with the date);
       * default 7.
       */
      maxAgeDays?: number;
      /**
       * Advisory files in `directory` larger than this many bytes are not
       * read; default 4194304 (4 MiB). Each makes every vulnerability scan
       * unknown, naming the file, since it may affect any package.
       */
      maxFileBytes?: number;
      /** The OSV API. */
      osv?: {
        /** Base URL; default https://api.osv.dev. */
        baseUrl?: string;
        /**
         * The largest OSV response body read, in bytes; default 33554432
         * (32 MiB). A larger answer fails the lookup with a message naming
         * the limit: the affected checks turn unknown, never pass.
         */
        maxResponseBytes?: number;
        /**
         * How long a package lookup waits for other entities' lookups to
         * share its `querybatch` call (up to 1,000 queries); default 250 ms.
         * Longer means fewer calls and a slower run when new versions keep
         * turning up. A duration object or ISO 8601 string.
         */
        batchWindow?: HumanDuration | string;
      };
    };
    /** Stop-work notifications; the entity's owner always receives them. */
    notifications?: {
      /**
       * Notifications of one entity to one recipient within this time are
       * coalesced: the first is sent, later ones in the window are held
       * back (except an order beginning after a lift was told), and the
       * first evaluation after the window tells the state that holds then,
       * if it differs from what was told; default 1 minute.
       */
      coalesceWindow?: HumanDuration | string;
      /** Entity refs (users or groups) also notified, by severity. */
      recipients?: {
        /** When a stop-work order begins. */
        critical?: string[];
        /** When a stop-work order is lifted. */
        normal?: string[];
      };
    };
    /** Campaigns (created through `POST /api/readiness/v1/campaigns`). */
    campaigns?: {
      /**
       * Days before a campaign's deadline when the owners of entities not at
       * its target are reminded, once per lead time; default [14, 3].
       */
      reminderDaysBefore?: number[];
    };
    /**
     * Following an open stop-work order until it is lifted. Every message is
     * sent through the notifications service at most once per order and
     * period, across restarts and instances.
     */
    followUp?: {
      /** When the task looks for messages due; default hourly. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Reminders to the owner while the order stays open. */
      reminders?: {
        /** Default true. */
        enabled?: boolean;
        /** Between two reminders; default one day (the seed reviews daily). */
        every?: HumanDuration | string;
      };
      /** From the start of an order to its due date; default 24 hours. */
      dueAfter?: HumanDuration | string;
      /** Escalation of an order past due, once per order. */
      escalation?: {
        /** Default true. */
        enabled?: boolean;
        /** Whole days past due before it escalates; default 3. */
        daysOverdue?: number;
        /** Entity refs told instead of the owning group's `spec.parent`. */
        recipients?: string[];
      };
      /** A digest per owner of open orders, overdue ones and regressions. */
      digest?: {
        /** Default true. */
        enabled?: boolean;
        /** Between two digests; default 7 days. */
        every?: HumanDuration | string;
      };
      /** The entities an order lists as depending on the entity. */
      affected?: {
        /** Relation hops followed; default 3. */
        maxDepth?: number;
        /** The most entities listed; default 50. */
        maxEntities?: number;
      };
    };
    /** README badges (`GET /v1/entities/:kind/:namespace/:name/badge.svg`). */
    badges?: {
      /**
       * Serve the badge without credentials: it shows only the tier and
       * whether a stop-work order is active. Default false (no badge route).
       */
      enabled?: boolean;
      /**
       * Kinds the badge answers for; default `[Component]`. Any other kind
       * gets the same 404 as an entity that does not exist.
       */
      kinds?: string[];
    };
    /** `POST /v1/entities/:kind/:namespace/:name/refresh`. */
    refresh?: {
      /**
       * Refreshes allowed per caller (user or service) within a window, in
       * each backend instance; beyond, a 429 with `Retry-After`. Default 10
       * per minute.
       */
      rateLimit?: {
        requests?: number;
        window?: HumanDuration | string;
      };
    };
    /** `POST /v1/checks/preview`: each call evaluates the whole readable catalog. */
    preview?: {
      /**
       * Previews allowed per caller within a window, in each backend
       * instance; beyond, a 429 with `Retry-After`. Default 6 per minute.
       */
      rateLimit?: {
        requests?: number;
        window?: HumanDuration | string;
      };
    };
    /** Per-collector settings, keyed by collector id. */
    collectors?: {
      [collectorId: string]: {
        /** Whether the collector runs; default true. */
        enabled?: boolean;
        /** When it runs; default daily, starting 1 minute after startup. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}

/** One custom check definition (docs/custom-checks.md). */
interface ReadinessCustomCheckConfig {
  /** Namespaced kebab-case, e.g. `acme.has-slo`; never a built-in id. */
  id: string;
  /** One line, shown on the card. */
  title: string;
  description?: string;
  tier: 'mvs' | 'production' | 'enterprise';
  /** The sub-score it counts toward. */
  dimension: 'build' | 'security' | 'testing' | 'documentation' | 'operations';
  /** Default by tier: blocker, required (major), advisory (minor). */
  severity?: 'blocker' | 'major' | 'minor' | 'required' | 'advisory';
  /** A `@backstage/filter-predicates` entity predicate; every entity when absent. */
  appliesTo?: { [key: string]: JsonValue };
  /** A CEL expression over `entity`, `evidence`, `attestations` and `now`. */
  rule: string;
  /** One-line templates with `{{ path }}` placeholders. */
  summary?: { pass?: string; fail?: string; unknown?: string };
  /** Templates that become the remediation plan's items when it fails. */
  remediation?: string[];
  /** ISO date before which the check is only shown as upcoming. */
  effectiveFrom?: string;
}
