import fc from 'fast-check';
import { parseLockfile } from '../lockfiles';
import { fixture } from '../lockfiles/__fixtures__/fixtures';
import type { LockfileParseResult } from '../lockfiles';

// Raise for a deeper search: LOCKFILE_PROPERTY_RUNS=20000 yarn test ...
const RUNS = Number(process.env.LOCKFILE_PROPERTY_RUNS) || 300;

/** An error, or packages and unknowns that are each well-formed. */
function checkWellFormed(file: string, result: LockfileParseResult) {
  if (result.error !== undefined) {
    expect(result.error.startsWith(`could not read ${file}: `)).toBe(true);
    expect(result.packages).toEqual([]);
    return;
  }
  for (const pkg of result.packages) {
    expect(pkg.name).toMatch(/^\S+$/);
    expect(pkg.version).toMatch(/^\S+$/);
    expect(pkg.path).toBe(file);
  }
  for (const entry of result.unpinned) {
    expect(entry.name.trim()).not.toBe('');
    expect(entry.name.length).toBeLessThanOrEqual(200);
  }
}

/** A component that may be anything a hostile or broken generator writes. */
const component = fc.record(
  {
    type: fc.constantFrom('library', 'application', 'framework'),
    name: fc.oneof(fc.string(), fc.constant('constructor')),
    version: fc.oneof(fc.string(), fc.constant('1.0.0')),
    scope: fc.constantFrom('required', 'optional', 'excluded', 'bogus'),
    purl: fc.oneof(
      fc.string(),
      fc.constantFrom(
        'pkg:npm/left-pad@1.3.0',
        'pkg:npm/%40scope/x',
        'pkg:pypi/Django@4.2',
        'pkg:golang/example.com/m@v1.2.3',
        'pkg:maven/g/a@1',
        'pkg:',
        'pkg:npm/@@@',
      ),
    ),
  },
  { requiredKeys: ['type'] },
);

describe('parseSbom properties', () => {
  it('never drops a component silently: each is a package or an unknown', () => {
    fc.assert(
      fc.property(fc.array(component, { minLength: 1, maxLength: 8 }), list => {
        const file = 'bom.json';
        const result = parseLockfile(
          file,
          JSON.stringify({
            bomFormat: 'CycloneDX',
            specVersion: '1.6',
            components: list,
          }),
        );
        checkWellFormed(file, result);
        const accounted = result.packages.length + result.unpinned.length;
        expect(result.error !== undefined || accounted > 0).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  // eslint-disable-next-line jest/expect-expect -- checkWellFormed expects
  it.each(['app.cdx.json', 'bom.xml', 'app.spdx.json'])(
    '%s: cut or spliced anywhere, never throws and keeps its shape',
    name => {
      const original = fixture(`sbom/${name}`);
      fc.assert(
        fc.property(fc.nat(), fc.nat(), fc.string(), (a, b, insert) => {
          const at = a % (original.length + 1);
          const content =
            original.slice(0, at) + insert + original.slice(at + (b % 40));
          checkWellFormed(name, parseLockfile(name, content));
        }),
        { numRuns: RUNS },
      );
    },
  );
});
