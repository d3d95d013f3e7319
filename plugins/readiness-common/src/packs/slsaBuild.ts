import { z } from 'zod';
import type { CheckDefinition } from '../types';
import type { ReadinessPack, ReadinessPackEvidenceKind } from './types';

const uri = z.string().trim().min(1).max(500);

/**
 * Value of `slsa.provenance` evidence: what the provenance of the latest
 * release build says, pushed by CI after it verified the provenance (with
 * slsa-verifier or the build platform's own tool). A flag left out is not
 * claimed, and the level that needs it is unknown.
 *
 * @public
 */
export interface SlsaProvenanceEvidenceValue {
  /** The provenance's `buildDefinition.buildType`. */
  buildType: string;
  /** The provenance's `runDetails.builder.id`. */
  builderId: string;
  /** The build ran on a hosted build platform, not a workstation. */
  hosted?: boolean;
  /** The build platform signed the provenance (it is authentic). */
  signed?: boolean;
  /** Runs of the build platform cannot influence one another. */
  isolated?: boolean;
  /** The signing material was out of reach of user-defined build steps. */
  unforgeable?: boolean;
  /** The artifact the provenance is about, for example an image reference. */
  artifact?: string;
}

/**
 * Schema of {@link SlsaProvenanceEvidenceValue}; unknown fields are refused
 * so a misspelt flag is a 400, not a level silently unknown.
 *
 * @public
 */
export const slsaProvenanceEvidenceSchema: z.ZodType<SlsaProvenanceEvidenceValue> =
  z.strictObject({
    buildType: uri,
    builderId: uri,
    hosted: z.boolean().optional(),
    signed: z.boolean().optional(),
    isolated: z.boolean().optional(),
    unforgeable: z.boolean().optional(),
    artifact: uri.optional(),
  });

/**
 * The `slsa.provenance` evidence kind: pushed by CI, it counts for 30 days.
 *
 * @public
 */
export const slsaProvenanceEvidenceKind: ReadinessPackEvidenceKind = {
  key: 'slsa.provenance',
  title: 'SLSA build provenance',
  schema: slsaProvenanceEvidenceSchema,
  lifetimeHours: 30 * 24,
};

const provenance = 'evidence.slsa.provenance';

function level(
  n: 1 | 2 | 3,
  fields: Pick<
    CheckDefinition,
    'rule' | 'summary' | 'remediation' | 'description'
  >,
): CheckDefinition {
  return {
    id: `slsa.build-l${n}`,
    tier: (['mvs', 'production', 'enterprise'] as const)[n - 1],
    dimension: 'build',
    severity: n === 3 ? 'minor' : 'major',
    title: `SLSA Build L${n}`,
    thresholds: {},
    source: 'slsa-build',
    ...fields,
  };
}

/**
 * SLSA Build levels 1-3 as a pack, from pushed `slsa.provenance` evidence.
 * Each check asks what its level adds; the tiers being cumulative, Build L3
 * is Enterprise Grade only when L1 and L2 pass too.
 *
 * @public
 */
export const slsaBuildPack: ReadinessPack = {
  id: 'slsa-build',
  title: 'SLSA Build track',
  description:
    'SLSA Build L1 (provenance exists) is MVS, L2 (hosted build platform, signed provenance) Production Ready, L3 (hardened: isolated builds, unforgeable provenance) Enterprise Grade. CI pushes slsa.provenance evidence; without it every level is unknown.',
  checks: [
    level(1, {
      description: 'Provenance says how the latest release was built.',
      rule: `has(${provenance}) ? 'pass' : 'unknown'`,
      summary: {
        pass: 'provenance from {{ evidence.slsa.provenance.builderId }}',
        unknown: 'no build provenance was pushed',
      },
      remediation: [],
    }),
    level(2, {
      description:
        'A hosted build platform built it and signed the provenance.',
      rule: `${provenance}.hosted && ${provenance}.signed`,
      summary: {
        pass: 'hosted build, provenance signed by {{ evidence.slsa.provenance.builderId }}',
        fail: 'the provenance is not from a hosted build platform, or not signed by it',
      },
      remediation: [
        'build releases on a hosted build platform that signs its provenance (for example GitHub Actions with artifact attestations)',
      ],
    }),
    level(3, {
      description:
        'The build platform isolates runs from one another and keeps the signing material from the build steps.',
      rule: `${provenance}.isolated && ${provenance}.unforgeable`,
      summary: {
        pass: 'isolated build with unforgeable provenance',
        fail: 'the build is not isolated, or its provenance could be forged by a build step',
      },
      remediation: [
        'move the release build to a builder that meets SLSA Build L3, such as a reusable workflow that signs in a separate job',
      ],
    }),
  ],
  evidenceKinds: [slsaProvenanceEvidenceKind],
};
