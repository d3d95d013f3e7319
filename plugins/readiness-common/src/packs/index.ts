import type { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { evaluateFilterPredicate } from '@backstage/filter-predicates';
import { defaultChecks } from '../checks/defaultChecks';
import type { ReadinessPackSelection } from '../config';
import { ospsBaselinePack } from './ospsBaseline';
import { slsaBuildPack } from './slsaBuild';
import type { ReadinessPack } from './types';

export type { ReadinessPack, ReadinessPackEvidenceKind } from './types';
export { ospsAttestationKind, ospsBaselinePack } from './ospsBaseline';
export {
  ospsBaselineVersion,
  ospsControls,
  type OspsControl,
  type OspsLevel,
} from './ospsControls';
export {
  slsaBuildPack,
  slsaProvenanceEvidenceKind,
  slsaProvenanceEvidenceSchema,
  type SlsaProvenanceEvidenceValue,
} from './slsaBuild';

/**
 * The default pack: the built-in checks.
 *
 * @public
 */
export const seedPack: ReadinessPack = {
  id: 'seed',
  title: 'Readiness seed',
  description:
    'The built-in checks: build, vulnerabilities, tests, dependency health and pipeline for MVS; coverage, hardening, monitoring, docs, benchmarks, tech debt and licenses for Production Ready; compliance, disaster recovery, scalability, certifications and on-call for Enterprise Grade.',
  checks: defaultChecks,
};

/**
 * Every pack Readiness ships, selectable per entity with `readiness.packs`.
 *
 * @public
 */
export const readinessPacks: readonly ReadinessPack[] = [
  seedPack,
  ospsBaselinePack,
  slsaBuildPack,
];

/**
 * The pack of an id; throws a `NotFoundError` naming the known ones.
 *
 * @public
 */
export function getReadinessPack(id: string): ReadinessPack {
  const pack = readinessPacks.find(p => p.id === id);
  if (!pack) {
    throw new NotFoundError(
      `unknown pack ${JSON.stringify(id)}; the packs are ${readinessPacks
        .map(p => p.id)
        .join(', ')}`,
    );
  }
  return pack;
}

/**
 * The pack of an entity: the first `readiness.packs` entry whose
 * `appliesTo` matches it (an entry without one matches every entity), else
 * `seed`. Without the entity only entries without `appliesTo` can match, so
 * an evaluation that cannot tell falls back to what applies to everyone.
 *
 * @public
 */
export function selectReadinessPack(
  selections: readonly ReadinessPackSelection[] | undefined,
  entity: Entity | undefined,
): ReadinessPack {
  const selected = (selections ?? []).find(
    s =>
      !s.appliesTo ||
      (entity !== undefined && evaluateFilterPredicate(s.appliesTo, entity)),
  );
  return selected ? getReadinessPack(selected.pack) : seedPack;
}
