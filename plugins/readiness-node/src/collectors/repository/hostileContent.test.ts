import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import type { AdvisorySource } from '../../advisories';
import { lockfileNames } from '../../lockfiles';
import { analyzeRepository } from './analyzeRepository';
import { markdownHeadings } from './readme';
import { countTodoMarkers } from './todoMarkers';

// Runs of what made the old patterns backtrack (spaces, brackets, markers),
// long enough that quadratic work takes seconds and linear work milliseconds.
const unit = fc.constantFrom(
  ' ', '\t', '[', '[a](', '](', '<', '<a', '!', '#', '# ', '*', '/*', '//',
  '-', ' -', '@', '(', '1', '1.', '.', '/', '_', '\n', '\n\n', ' \n', '=',
  '`', '<h1>', 'TODO', '\\',
); // prettier-ignore
const opening = fc.constantFrom(
  '', '# ', '## x', '#', '//', '/*', '<h1>', '[', '![', '- ', 'x', '1',
); // prettier-ignore
const closing = fc.constantFrom('', 'x', '!', ')', ']', '>', '\n', '#', 'TODO');

const hostileText = fc
  .tuple(opening, unit, fc.integer({ min: 20_000, max: 150_000 }), closing)
  .map(
    ([start, run, length, end]) =>
      start + run.repeat(Math.ceil(length / run.length)) + end,
  );

const noAdvisories: AdvisorySource = {
  findAdvisories: async () => new Map(),
};

function elapsedMs(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

describe('hostile repository content', () => {
  // Each case is a few milliseconds in linear time; the old patterns took
  // 29-39 s on one 150,000-character line. The bound is on the whole run, so
  // no case can hide a second of work, with room for CI's busy cores.
  it('reads README headings in linear time', () => {
    const total = elapsedMs(() =>
      fc.assert(
        fc.property(hostileText, text => {
          const headings = markdownHeadings(text);
          expect(headings.length).toBeLessThanOrEqual(100);
        }),
        { numRuns: 60 },
      ),
    );
    expect(total).toBeLessThan(5_000);
  });

  it('counts TODO markers in linear time', () => {
    const total = elapsedMs(() =>
      fc.assert(
        fc.property(hostileText, text => {
          expect(countTodoMarkers(text)).toBeGreaterThanOrEqual(0);
        }),
        { numRuns: 60 },
      ),
    );
    expect(total).toBeLessThan(5_000);
  });

  it('analyses a repository of hostile files, every lockfile kind included, in linear time', async () => {
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(hostileText, async text => {
        const files = new Map<string, string>([
          ['README.md', text],
          ['src/main.ts', text],
          [
            'coverage/cobertura-coverage.xml',
            `<coverage line-rate="${text}"/>`,
          ],
          ['.github/workflows/ci.yml', text],
          ...lockfileNames.map(name => [`lock/${name}`, text] as const),
        ]);
        const evidence = await analyzeRepository(
          { location: 'hostile', files, skipped: [] },
          { advisories: noAdvisories, now: new Date('2026-12-01T00:00:00Z') },
        );
        expect(evidence.map(e => e.key)).toContain('todo-markers');
      }),
      { numRuns: 8 },
    );
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('keeps the headings of an ordinary README', () => {
    expect(
      markdownHeadings(
        [
          `# Title${' '.repeat(150_000)}#`,
          `## C#`,
          `## [Docs](${'('.repeat(150_000)}`,
          `## ${'['.repeat(50)}x`,
        ].join('\n'),
      ),
    ).toEqual([
      'Title',
      'C#',
      '[Docs]('.padEnd(200, '('),
      `${'['.repeat(50)}x`,
    ]);
  });

  it('analyses a go.mod of 130,000 requirements', async () => {
    const requirements = Array.from(
      { length: 130_000 },
      (_, i) => `\texample.com/m${i} v1.0.${i}`,
    );
    const files = new Map([
      [
        'go.mod',
        `module x\n\ngo 1.22\n\nrequire (\n${requirements.join('\n')}\n)\n`,
      ],
    ]);
    const evidence = await analyzeRepository(
      { location: 'big', files, skipped: [] },
      { advisories: noAdvisories, now: new Date('2026-12-01T00:00:00Z') },
    );
    const vulnerabilities = evidence.find(e => e.key === 'vulnerabilities');
    expect(vulnerabilities).toMatchObject({
      value: { scannedPackages: 130_000, unreadable: [] },
    });
  });
});
