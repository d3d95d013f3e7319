import fc from 'fast-check';
import { compareEcosystemVersions } from './versionOrder';

const RUNS = Number(process.env.VERSION_ORDER_PROPERTY_RUNS) || 500;

// Version-shaped text: numbers, qualifiers and separators, plus noise.
const versionText = fc.oneof(
  fc
    .array(
      fc.oneof(
        fc.nat({ max: 30 }).map(String),
        fc.constantFrom(
          'alpha',
          'beta',
          'rc',
          'RC',
          'cr',
          'm',
          'a',
          'b',
          'snapshot',
          'SNAPSHOT',
          'ga',
          'final',
          'release',
          'sp',
          'foo',
          'preview',
          '0',
          '00',
        ),
        fc.constantFrom('.', '-', '+', '_'),
      ),
      { minLength: 1, maxLength: 8 },
    )
    .map(parts => parts.join('')),
  fc.string({ maxLength: 12 }),
);

describe.each(['Maven', 'NuGet', 'Pub', 'Hex', 'SwiftURL'])(
  '%s version order',
  ecosystem => {
    const compare = (a: string, b: string) =>
      compareEcosystemVersions(ecosystem, a, b);

    it('never throws, is reflexive and antisymmetric', () => {
      fc.assert(
        fc.property(versionText, versionText, (a, b) => {
          const ab = compare(a, b);
          const ba = compare(b, a);
          // Either both sides are unorderable, or the orders mirror.
          expect(ab === undefined ? ba : -ab || 0).toBe(ba);
          expect(compare(a, a)).toBe(
            compare(a, a) === undefined ? undefined : 0,
          );
        }),
        { numRuns: RUNS },
      );
    });

    it('is transitive, so sorting is consistent', () => {
      fc.assert(
        fc.property(
          fc.array(versionText, { minLength: 3, maxLength: 3 }),
          versions => {
            const ordered = versions.filter(v => compare(v, v) !== undefined);
            ordered.sort((a, b) => compare(a, b)!);
            for (let i = 0; i < ordered.length; i++) {
              for (let j = i + 1; j < ordered.length; j++) {
                expect(compare(ordered[i], ordered[j])).toBeLessThanOrEqual(0);
              }
            }
          },
        ),
        { numRuns: RUNS },
      );
    });
  },
);
