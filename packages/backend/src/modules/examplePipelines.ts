/*
 * DEMO WIRING for the example catalog; not part of Readiness, and never
 * needed in a real installation.
 *
 * In a real installation each component's CI pushes build, test, coverage,
 * benchmark, load-test and disaster-recovery results to the Readiness REST
 * API, and people record attestations (compliance, certification, ...). The
 * example repositories in examples/ have no CI and no people, so each one
 * that should show more than its repository proves carries a file,
 * `examples/<name>/.pipeline/readiness.json`, with what its pipelines and
 * people would send:
 *
 *   {
 *     "entity": "component:default/<name>",      (default: the folder name)
 *     "evidence": [{ "key": "build", "value": {...}, "link": "https://...",
 *                    "observedDaysAgo": 0 }, ...],
 *     "attestations": [{ "kind": "compliance", "summary": "...",
 *                        "evidenceLink": "https://...", "expiresInDays": 300 }],
 *     "history": [{ "runId": "...", "evidence": [...] }]   (earlier runs)
 *   }
 *
 * This plugin plays those pipelines and people: shortly after startup, and
 * then daily (a nightly CI run), it posts each file to the Readiness REST API
 * exactly as a pipeline would, with a service token:
 *
 *   POST /api/readiness/v1/entities/:kind/:namespace/:name/evidence
 *        (source `example-ci`, one run id per day: a retried run changes nothing;
 *        the `history` runs first, each under its fixed run id, so they are
 *        played once and the entity's history shows where it came from)
 *   POST /api/readiness/v1/entities/:kind/:namespace/:name/attestations
 *        (only when no current attestation of the same kind and summary exists)
 *   POST /api/readiness/v1/campaigns
 *        (once: "All production services at Production Ready by <date>",
 *        30 days after the first start)
 *
 * `observedDaysAgo` and `expiresInDays` are relative to the time of the post,
 * and so is any `<name>HoursAgo` field in a value (posted as `<name>At`), so
 * the demo stays current whenever it is started.
 *
 * Enabled only by `examplePipelines.enabled: true` (app-config.yaml);
 * `examplePipelines.directory` is where the examples are (default
 * `../../examples`, relative to the backend's working directory).
 */

import {
  AuthService,
  coreServices,
  createBackendPlugin,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const SOURCE = 'example-ci';
const PIPELINE_FILE = join('.pipeline', 'readiness.json');
const DAY_MS = 24 * 60 * 60 * 1000;

/** One evidence item as a pipeline would push it, plus its age. */
interface ExampleEvidence {
  key: string;
  value: unknown;
  link?: string;
  /** Days before the push that the result was observed (default 0: now). */
  observedDaysAgo?: number;
}

/** One attestation as a person would record it, with a relative expiry. */
interface ExampleAttestation {
  kind: string;
  summary: string;
  evidenceLink: string;
  expiresInDays: number;
}

/** An earlier CI run, played before the current one. */
interface ExampleRun {
  /** Fixed, so that playing the run again changes nothing. */
  runId: string;
  evidence: ExampleEvidence[];
}

/** The content of `examples/<name>/.pipeline/readiness.json`. */
interface ExamplePipelineFile {
  entity?: string;
  /**
   * Earlier runs, oldest first, so the entity's history shows how it got
   * where it is (a check that passed, then failed).
   */
  history?: ExampleRun[];
  evidence?: ExampleEvidence[];
  attestations?: ExampleAttestation[];
}

interface ExistingAttestation {
  kind: string;
  summary: string;
  expiresAt: string;
}

/** Answers worth retrying: the catalog has not ingested the entity yet, or the backend is busy starting. */
class RetryableError extends Error {}

function parseEntityRef(ref: string) {
  const match = /^([^:/]+):(?:([^:/]+)\/)?([^:/]+)$/.exec(ref);
  if (!match) {
    throw new Error(`entity: "${ref}" is not kind:namespace/name`);
  }
  const [, kind, namespace = 'default', name] = match;
  return { kind: kind.toLocaleLowerCase('en-US'), namespace, name };
}

async function readPipelineFiles(directory: string, logger: LoggerService) {
  const files: Array<{ path: string; content: ExamplePipelineFile }> = [];
  const folders = await readdir(directory, { withFileTypes: true });
  for (const folder of folders) {
    if (!folder.isDirectory()) {
      continue;
    }
    const path = join(directory, folder.name, PIPELINE_FILE);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      continue; // This example has no stand-in pipeline.
    }
    try {
      const content = JSON.parse(text) as ExamplePipelineFile;
      files.push({
        path,
        content: {
          ...content,
          entity: content.entity ?? `component:default/${folder.name}`,
        },
      });
    } catch (error) {
      logger.warn(`Skipped ${path}: ${(error as Error).message}`);
    }
  }
  return files;
}

function createClient(options: {
  auth: AuthService;
  discovery: DiscoveryService;
}) {
  const { auth, discovery } = options;
  return async function call<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<T> {
    const baseUrl = await discovery.getBaseUrl('readiness');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'readiness',
    });
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new RetryableError(
        `${method} ${path}: ${(error as Error).message}`,
      );
    }
    if (!response.ok) {
      const text = (await response.text()).slice(0, 500);
      const message = `${method} ${path} answered ${response.status}: ${text}`;
      // 404: the catalog has not read the entity yet; 5xx: still starting.
      throw response.status === 404 || response.status >= 500
        ? new RetryableError(message)
        : new Error(message);
    }
    return (await response.json()) as T;
  };
}

/**
 * Event times in a value given relative to the post, `"deployedHoursAgo": 5`,
 * as the API takes them, `"deployedAt": "<ISO>"`, so the demo's deployments
 * and incidents stay within the DORA window whenever it is started.
 */
function withRelativeTimes(value: unknown, now: Date): unknown {
  if (Array.isArray(value)) {
    return value.map(item => withRelativeTimes(item, now));
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  return Object.fromEntries(
    Object.entries(value).map(([field, inner]) => {
      const relative = field.match(/^(\w+)HoursAgo$/);
      if (relative && typeof inner === 'number') {
        const at = new Date(now.getTime() - inner * 3_600_000);
        return [`${relative[1]}At`, at.toISOString()];
      }
      return [field, withRelativeTimes(inner, now)];
    }),
  );
}

/** Evidence of one run as a pipeline posts it. */
function asPushed(items: ExampleEvidence[], runId: string, now: Date) {
  return items.map(({ observedDaysAgo, ...item }) => ({
    ...item,
    value: withRelativeTimes(item.value, now),
    source: SOURCE,
    runId,
    ...(observedDaysAgo
      ? {
          observedAt: new Date(
            now.getTime() - observedDaysAgo * DAY_MS,
          ).toISOString(),
        }
      : {}),
  }));
}

/** Posts one example's stand-in CI results and attestations. */
async function pushExample(
  call: ReturnType<typeof createClient>,
  file: ExamplePipelineFile,
  now: Date,
) {
  const { kind, namespace, name } = parseEntityRef(file.entity!);
  const entityPath = `/v1/entities/${encodeURIComponent(kind)}/${encodeURIComponent(
    namespace,
  )}/${encodeURIComponent(name)}`;
  // One stand-in CI run per day: a retried post of the same run changes nothing.
  const runId = `${name}-nightly-${now.toISOString().slice(0, 10)}`;

  for (const run of file.history ?? []) {
    await call(
      'POST',
      `${entityPath}/evidence`,
      asPushed(run.evidence, `${name}-${run.runId}`, now),
    );
  }
  const evidence = asPushed(file.evidence ?? [], runId, now);
  if (evidence.length > 0) {
    await call('POST', `${entityPath}/evidence`, evidence);
  }

  let attested = 0;
  const wanted = file.attestations ?? [];
  if (wanted.length > 0) {
    const { items: existing } = await call<{ items: ExistingAttestation[] }>(
      'GET',
      `${entityPath}/attestations`,
    );
    for (const attestation of wanted) {
      const current = existing.some(
        a =>
          a.kind === attestation.kind &&
          a.summary === attestation.summary &&
          Date.parse(a.expiresAt) > now.getTime(),
      );
      if (current) {
        continue;
      }
      await call('POST', `${entityPath}/attestations`, {
        kind: attestation.kind,
        summary: attestation.summary,
        evidenceLink: attestation.evidenceLink,
        expiresAt: new Date(
          now.getTime() + attestation.expiresInDays * DAY_MS,
        ).toISOString(),
      });
      attested += 1;
    }
  }
  return { evidence: evidence.length, attested };
}

/** The demo's campaign, a month out from the first start. */
const DEMO_CAMPAIGN_ID = 'production-services-production-ready';

/**
 * Creates the demo's campaign once (as a platform lead would): every
 * production service at Production Ready by a date 30 days after the first
 * start. A campaign with its id, even archived, is left alone.
 */
async function seedCampaign(
  call: ReturnType<typeof createClient>,
  now: Date,
): Promise<boolean> {
  const { items } = await call<{ items: Array<{ campaign: { id: string } }> }>(
    'GET',
    '/v1/campaigns',
  );
  if (items.some(item => item.campaign.id === DEMO_CAMPAIGN_ID)) {
    return false;
  }
  const deadline = new Date(now.getTime() + 30 * DAY_MS);
  deadline.setUTCHours(0, 0, 0, 0);
  try {
    await call('POST', '/v1/campaigns', {
      id: DEMO_CAMPAIGN_ID,
      title: `All production services at Production Ready by ${deadline
        .toISOString()
        .slice(0, 10)}`,
      targetTier: 'production',
      appliesTo: { 'spec.lifecycle': 'production' },
      deadline: deadline.toISOString(),
      owner: 'group:default/platform-team',
    });
  } catch (error) {
    // Archived earlier: someone took it down, so it stays down.
    if ((error as Error).message.includes(' 409: ')) {
      return false;
    }
    throw error;
  }
  return true;
}

/**
 * Demo only: plays the CI pipelines and people of the example components,
 * see the comment at the top of this file.
 */
export const examplePipelinesPlugin = createBackendPlugin({
  pluginId: 'example-pipelines',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        scheduler: coreServices.scheduler,
      },
      async init({ config, logger, auth, discovery, scheduler }) {
        if (!config.getOptionalBoolean('examplePipelines.enabled')) {
          return;
        }
        const directory = resolve(
          config.getOptionalString('examplePipelines.directory') ??
            '../../examples',
        );
        const call = createClient({ auth, discovery });
        const attempts = 18;
        const retryDelayMs = 5_000;

        await scheduler.scheduleTask({
          id: 'example-pipelines-push',
          scope: 'local',
          // Soon after startup, then like a nightly CI run.
          initialDelay: { seconds: 10 },
          frequency: { hours: 24 },
          timeout: { minutes: 5 },
          fn: async signal => {
            let files;
            try {
              files = await readPipelineFiles(directory, logger);
            } catch (error) {
              logger.warn(
                `No example pipelines: cannot read ${directory}: ${(error as Error).message}`,
              );
              return;
            }
            for (let attempt = 1; !signal.aborted; attempt++) {
              try {
                if (await seedCampaign(call, new Date())) {
                  logger.info(`Demo: created campaign ${DEMO_CAMPAIGN_ID}`);
                }
                break;
              } catch (error) {
                if (error instanceof RetryableError && attempt < attempts) {
                  await new Promise(r => setTimeout(r, retryDelayMs));
                  continue;
                }
                logger.warn(
                  `Demo: could not create campaign ${DEMO_CAMPAIGN_ID}: ${(error as Error).message}`,
                );
                break;
              }
            }
            for (const { path, content } of files) {
              for (let attempt = 1; !signal.aborted; attempt++) {
                try {
                  const sent = await pushExample(call, content, new Date());
                  logger.info(
                    `Demo CI: sent ${sent.evidence} evidence items and ${sent.attested} new attestations for ${content.entity} from ${path}`,
                  );
                  break;
                } catch (error) {
                  if (error instanceof RetryableError && attempt < attempts) {
                    await new Promise(r => setTimeout(r, retryDelayMs));
                    continue;
                  }
                  logger.warn(
                    `Demo CI: could not push ${path} for ${content.entity}: ${(error as Error).message}`,
                  );
                  break;
                }
              }
            }
          },
        });
      },
    });
  },
});

export default examplePipelinesPlugin;
