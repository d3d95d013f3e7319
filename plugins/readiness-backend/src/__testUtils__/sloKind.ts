import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  type CollectedEvidence,
  readinessCollectorsExtensionPoint,
} from '@readiness/plugin-readiness-node';
import { z } from 'zod';

/** A registered evidence kind as an adopter would write it. */
export const sloKind = {
  key: 'acme.slo' as const,
  title: 'Service-level objective',
  schema: z.object({
    targetPercent: z.number().min(0).max(100),
    window: z.enum(['7d', '28d', '30d']),
  }),
  lifetimeHours: 48,
};

/**
 * A module that registers `acme.slo` and a collector `acme-slo` whose value
 * for each entity comes from `valueOf` (undefined: no evidence).
 */
export function sloModule(
  valueOf: (entityName: string) => unknown = () => undefined,
  options: { register?: boolean; evidenceKey?: string } = {},
) {
  return createBackendModule({
    pluginId: 'readiness',
    moduleId: 'acme-slo-test',
    register(env) {
      env.registerInit({
        deps: { collectors: readinessCollectorsExtensionPoint },
        async init({ collectors }) {
          if (options.register ?? true) {
            collectors.registerEvidenceKind(sloKind);
          }
          const key = (options.evidenceKey ?? sloKind.key) as 'acme.slo';
          collectors.addCollector({
            id: 'acme-slo',
            evidenceKeys: [key],
            async collect(entity, ctx): Promise<CollectedEvidence[]> {
              const value = valueOf(entity.metadata.name);
              if (value === undefined) {
                return [];
              }
              const observedAt = ctx.now.toISOString();
              const staleAfter = new Date(
                ctx.now.getTime() + sloKind.lifetimeHours * 3_600_000,
              ).toISOString();
              return [{ key, value, observedAt, staleAfter }];
            },
          });
        },
      });
    },
  });
}
