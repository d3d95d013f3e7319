import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  type CheckPreviewChange,
  type CheckPreviewResponse,
  comparePreviewReports,
  countPreviewChange,
  emptyPreviewCounts,
  maxCheckPreviewItems,
  type ReadinessConfig,
} from '@readiness/plugin-readiness-common';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { ReadinessStore } from '../database';
import type { CollectionRunner } from './CollectionRunner';
import { evaluateStoredStanding } from './evaluateEntity';
import { evidenceDetailKeys } from './evidenceDetailKeys';

/** Catalog entities per page, and so per bulk read of the store. */
const PAGE_SIZE = 500;

/** Entities evaluated between yields, so other requests are served meanwhile. */
const ENTITIES_PER_SLICE = 50;

/** What the engine reads of an entity: appliesTo, owner, lifecycle, the CEL `entity`. */
const ENTITY_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec'];

/**
 * Evaluates what a change of checks would do, over the whole catalog the
 * caller may read, storing nothing.
 *
 * @internal
 */
export interface CheckPreview {
  /**
   * Every readable entity's stored inputs evaluated with `current` and with
   * `proposed` at the same instant, so only the change of checks can tell
   * the two apart (not evidence that went stale since the last evaluation).
   */
  preview(options: {
    current: ReadinessConfig;
    proposed: ReadinessConfig;
    credentials: BackstageCredentials;
  }): Promise<CheckPreviewResponse>;
}

/** @internal */
export function createCheckPreview(options: {
  store: Pick<ReadinessStore, 'listEvaluationInputs'>;
  runner: Pick<CollectionRunner, 'forEachReadableEntityPage'>;
  now?: () => Date;
}): CheckPreview {
  const { store, runner } = options;
  const now = options.now ?? (() => new Date());

  return {
    async preview({ current, proposed, credentials }) {
      const at = now();
      const counts = emptyPreviewCounts();
      const changes: CheckPreviewChange[] = [];
      // Without the bulky parts neither config's checks read.
      const detailKeys = [
        ...new Set([
          ...evidenceDetailKeys(current),
          ...evidenceDetailKeys(proposed),
        ]),
      ];

      async function evaluatePage(entities: Entity[]) {
        const refs = entities.map(stringifyEntityRef);
        const inputs = await store.listEvaluationInputs(refs, {
          detailKeys,
        });
        for (let i = 0; i < entities.length; i++) {
          if (i > 0 && i % ENTITIES_PER_SLICE === 0) {
            await yieldToEventLoop();
          }
          const entity = entities[i];
          const stored = inputs.get(refs[i])!;
          const evaluate = (engine: ReadinessConfig) =>
            evaluateStoredStanding({ entity, inputs: stored, engine, now: at });
          const change = comparePreviewReports(
            evaluate(current),
            evaluate(proposed),
          );
          counts.evaluated += 1;
          if (change) {
            countPreviewChange(counts, change);
            changes.push(change);
          }
        }
      }

      // The next page is read from the catalog while this one is evaluated.
      let evaluating: Promise<void> = Promise.resolve();
      await runner.forEachReadableEntityPage(
        credentials,
        async entities => {
          await evaluating;
          evaluating = evaluatePage(entities);
          // Rejections surface at the next await of `evaluating`.
          evaluating.catch(() => undefined);
        },
        { fields: ENTITY_FIELDS, pageSize: PAGE_SIZE },
      );
      await evaluating;

      changes.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
      return {
        evaluatedAt: at.toISOString(),
        counts,
        items: changes.slice(0, maxCheckPreviewItems),
        truncated: changes.length > maxCheckPreviewItems,
      };
    },
  };
}
