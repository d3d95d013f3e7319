import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  techInsightsFactRetrieversExtensionPoint,
  type FactRetriever,
  type TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLockedPackages, type WorkloadManifest } from '../generate';

export const BENCH_FACT_RETRIEVER_ID = 'bench-repository-facts';

/**
 * The facts Tech Insights needs for checks equivalent to Readiness's
 * repository checks, read from the same local repositories. Advisories come
 * straight from the workload's advisory map (no OSV calls), so this retriever
 * does strictly less work than the Readiness repository collector.
 */
export function createBenchFactRetriever(
  manifest: WorkloadManifest,
): FactRetriever {
  return {
    id: BENCH_FACT_RETRIEVER_ID,
    version: '0.1.0',
    entityFilter: [{ kind: 'component' }],
    schema: {
      hasReadme: { type: 'boolean', description: 'README.md present' },
      hasSecurityPolicy: {
        type: 'boolean',
        description: 'SECURITY.md present',
      },
      hasCodeowners: { type: 'boolean', description: 'CODEOWNERS present' },
      lockedPackages: { type: 'integer', description: 'Locked packages' },
      vulnerablePackages: {
        type: 'integer',
        description: 'Locked package versions with a known advisory',
      },
    },
    async handler(): Promise<TechInsightFact[]> {
      const facts: TechInsightFact[] = [];
      for (const name of manifest.components) {
        const repo = join(manifest.root, 'repos', name);
        const locked = await readLockedPackages(repo);
        const lockedPackages = locked.length;
        const vulnerablePackages = locked.filter(
          pkg =>
            manifest.advisoryIds[`${pkg.ecosystem}/${pkg.name}@${pkg.version}`],
        ).length;
        facts.push({
          entity: { namespace: 'default', kind: 'component', name },
          facts: {
            hasReadme: existsSync(join(repo, 'README.md')),
            hasSecurityPolicy: existsSync(join(repo, 'SECURITY.md')),
            hasCodeowners: existsSync(join(repo, 'CODEOWNERS')),
            lockedPackages,
            vulnerablePackages,
          },
        });
      }
      return facts;
    },
  };
}

/** Registers the benchmark's fact retriever with Tech Insights. */
export const benchFactsModule = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'bench-facts',
  register(env) {
    env.registerInit({
      deps: { providers: techInsightsFactRetrieversExtensionPoint },
      async init({ providers }) {
        const file = process.env.BENCH_WORKLOAD;
        if (!file) {
          throw new Error('BENCH_WORKLOAD must name the workload.json');
        }
        const manifest = JSON.parse(
          readFileSync(file, 'utf8'),
        ) as WorkloadManifest;
        providers.addFactRetrievers({
          [BENCH_FACT_RETRIEVER_ID]: createBenchFactRetriever(manifest),
        });
      },
    });
  },
});

const fact = (name: string, operator: string, value: unknown) => ({
  fact: name,
  operator,
  value,
});

/** JSON rules checks equivalent to Readiness's repository-based checks. */
export const BENCH_CHECKS = {
  'no-vulnerabilities': fact('vulnerablePackages', 'equal', 0),
  'has-readme': fact('hasReadme', 'equal', true),
  'security-policy': fact('hasSecurityPolicy', 'equal', true),
  codeowners: fact('hasCodeowners', 'equal', true),
  'lockfile-present': fact('lockedPackages', 'greaterThan', 0),
};

/** The techInsights config section for the benchmark. */
export function techInsightsConfig() {
  return {
    factRetrievers: {
      [BENCH_FACT_RETRIEVER_ID]: {
        cadence: '0 3 * * *',
        initialDelay: { seconds: 1 },
        timeout: { hours: 1 },
        lifecycle: { maxItems: 1 },
      },
    },
    factChecker: {
      checks: Object.fromEntries(
        Object.entries(BENCH_CHECKS).map(([id, condition]) => [
          id,
          {
            type: 'json-rules-engine',
            name: id,
            description: `Readiness-equivalent check ${id}`,
            factIds: [BENCH_FACT_RETRIEVER_ID],
            rule: { conditions: { all: [condition] } },
          },
        ]),
      ),
    },
  };
}
