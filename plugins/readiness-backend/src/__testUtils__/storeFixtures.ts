import {
  mockServices,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';
import type { ReadinessReport, Tier } from '@readiness/plugin-readiness-common';
import type { Knex } from 'knex';
import { DatabaseReadinessStore } from '../database/DatabaseReadinessStore';
import type {
  EntityMetadata,
  ReadinessStore,
} from '../database/ReadinessStore';
import { decideEvaluationWrites } from '../service/evaluationWrites';
import { createTestDatabases } from './testDatabases';

export const T0 = new Date('2026-11-24T10:00:00.000Z');
export const later = (hours: number) =>
  new Date(T0.getTime() + hours * 3_600_000);

export function entity(name: string, extra: Partial<EntityMetadata> = {}) {
  return {
    entityRef: `component:default/${name}`,
    kind: 'Component',
    namespace: 'default',
    name,
    ...extra,
  };
}

export function report(
  entityRef: string,
  options: {
    tier?: Tier | null;
    score?: number;
    stopWork?: boolean;
    evaluatedAt?: Date;
    compilationErrors?: number;
  } = {},
): ReadinessReport {
  const stopWork = options.stopWork ?? false;
  const evaluatedAt = (options.evaluatedAt ?? T0).toISOString();
  return {
    entityRef,
    evaluatedAt,
    tier: options.tier ?? null,
    tiers: [],
    checks: [
      {
        id: 'build.clean',
        tier: 'mvs',
        dimension: 'build',
        severity: 'blocker',
        title: 'Clean build',
        status: stopWork ? 'fail' : 'pass',
        summary: stopWork ? 'build failed' : 'build passed',
        details: [],
        evidenceLinks: [],
        actions: [],
        credit: stopWork ? 0 : 1,
      },
    ],
    score: { overall: options.score ?? 50, dimensions: {} },
    stopWork: {
      active: stopWork,
      automatic: stopWork,
      blockers: stopWork ? ['build.clean'] : [],
      unverifiedBlockers: [],
      ...(stopWork ? { since: evaluatedAt } : {}),
      countsAtStart: stopWork
        ? { compilationErrors: options.compilationErrors ?? 97 }
        : {},
      progress: [],
    },
    risk: {
      level: stopWork ? 'critical' : 'none',
      contributors: [],
      risks: [],
      inPlace: [],
    },
    remediation: { phases: [] },
    findings: [],
    stale: false,
    noEvidence: false,
  };
}

/** Saves as the service does: history on change, the automatic order's transition. */
export function save(
  store: ReadinessStore,
  options: Omit<Parameters<ReadinessStore['saveEvaluation']>[0], 'decide'>,
) {
  return store.saveEvaluation({
    ...options,
    decide: decideEvaluationWrites(options.report),
  });
}

/**
 * Declares store tests on every test database (inside the caller's
 * `describe`): each test gets a fresh, migrated store from
 * `createStore(databaseId)`, closed after it.
 */
export function onEveryDatabase(
  tests: (
    databaseId: TestDatabaseId,
    createStore: (databaseId: TestDatabaseId) => Promise<ReadinessStore>,
  ) => void,
) {
  const databases = createTestDatabases();
  let knex: Knex | undefined;

  afterEach(async () => {
    await knex?.destroy();
    knex = undefined;
  });

  async function createStore(databaseId: TestDatabaseId) {
    knex = await databases.init(databaseId);
    const database = mockServices.database({
      knex,
      migrations: { skip: false },
    });
    return DatabaseReadinessStore.create({ database });
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    tests(databaseId, createStore);
  });
}
