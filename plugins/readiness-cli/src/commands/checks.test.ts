import type { CheckPreviewResponse } from '@readiness/plugin-readiness-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setUpCli } from '../__testUtils__/testCli';

const previewUrl = 'http://backstage.test/api/readiness/v1/checks/preview';

const response: CheckPreviewResponse = {
  evaluatedAt: '2026-11-24T12:00:00.000Z',
  counts: {
    evaluated: 120,
    changed: 2,
    tierUp: 0,
    tierDown: 1,
    enterStopWork: 1,
    leaveStopWork: 1,
    newlyBelowRequiredTier: 1,
    newlyMeetingRequiredTier: 0,
  },
  items: [
    {
      entityRef: 'component:default/broken',
      before: { tier: null, stopWork: true, score: 20 },
      after: { tier: null, stopWork: false, score: 20 },
      checks: [],
    },
    {
      entityRef: 'component:default/covered',
      requiredTier: 'production',
      before: {
        tier: 'production',
        stopWork: false,
        belowRequiredTier: false,
        score: 80,
      },
      after: {
        tier: 'mvs',
        stopWork: true,
        belowRequiredTier: true,
        score: 70,
      },
      checks: [{ id: 'quality.coverage', before: 'pass', after: 'fail' }],
    },
  ],
  truncated: false,
};

describe('readiness checks', () => {
  const { state, cli } = setUpCli();
  const write = (name: string, text: string) =>
    writeFile(join(state.dir, name), text);

  describe('validate', () => {
    it('exits 0 for valid overrides in YAML', async () => {
      await write(
        'checks.yaml',
        [
          'checks: []',
          'overrides:',
          '  quality:',
          '    coverage:',
          '      severity: blocker',
          '      thresholds: { minLinePercent: 90 }',
        ].join('\n'),
      );
      expect(await cli('checks', 'validate', 'checks.yaml')).toBe(0);
      expect(state.out).toBe('checks.yaml: valid\n');
    });

    it('exits 0 for a list of custom check definitions, their rules compiled', async () => {
      await write(
        'checks.yaml',
        [
          '- id: acme.has-slo',
          '  title: Has an SLO',
          '  tier: production',
          '  dimension: operations',
          '  severity: required',
          '  appliesTo: { spec.type: service }',
          '  rule: has(evidence.slos) && size(evidence.slos.objectives) > 0',
        ].join('\n'),
      );
      expect(await cli('checks', 'validate', 'checks.yaml')).toBe(0);
      expect(state.out).toBe('checks.yaml: valid\n');
    });

    it('exits 1 naming the check and the field of a definition whose rule does not compile', async () => {
      await write(
        'checks.yaml',
        [
          'checks:',
          '  - id: acme.has-slo',
          '    title: Has an SLO',
          '    tier: production',
          '    dimension: operations',
          '    rule: size(evidence.slos.objectives) >',
        ].join('\n'),
      );
      expect(await cli('checks', 'validate', 'checks.yaml')).toBe(1);
      expect(state.err).toMatch(
        /^checks\.yaml: checks\[0\] \(acme\.has-slo\): rule: /,
      );
    });

    it('exits 1 naming the check and the field', async () => {
      await write(
        'checks.json',
        JSON.stringify({
          checks: [],
          overrides: {
            'quality.coverage': { thresholds: { minLinePercent: 'high' } },
          },
        }),
      );
      expect(await cli('checks', 'validate', 'checks.json')).toBe(1);
      expect(state.err).toBe(
        'checks.json: overrides["quality.coverage"].thresholds.minLinePercent: expected number\n',
      );
    });

    it('exits 1 for a file that is not YAML, or missing', async () => {
      await write('broken.yaml', 'checks: [\n');
      expect(await cli('checks', 'validate', 'broken.yaml')).toBe(1);
      expect(state.err).toMatch(/^broken\.yaml: not YAML or JSON/);
      state.err = '';
      expect(await cli('checks', 'validate', 'absent.yaml')).toBe(1);
      expect(state.err).toMatch(/^could not read absent\.yaml/);
    });
  });

  describe('preview', () => {
    const server = setupServer();
    beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
    afterEach(() => server.resetHandlers());
    afterAll(() => server.close());

    it('posts the file with the token and prints the counts and the changed entities', async () => {
      let seen: { auth: string | null; body: unknown } | undefined;
      server.use(
        http.post(previewUrl, async ({ request }) => {
          seen = {
            auth: request.headers.get('authorization'),
            body: await request.json(),
          };
          return HttpResponse.json(response);
        }),
      );
      // A bare list is the definitions.
      await write('checks.yaml', '[]\n');
      state.io.env.READINESS_TOKEN = 'secret';
      expect(
        await cli(
          'checks',
          'preview',
          'checks.yaml',
          '--backend-url',
          'http://backstage.test',
        ),
      ).toBe(0);
      expect(seen).toEqual({ auth: 'Bearer secret', body: { checks: [] } });
      expect(state.out).toBe(
        [
          '120 entities evaluated, 2 would change',
          '  tier up 0, tier down 1',
          '  enter stop-work 1, leave stop-work 1',
          '  newly below required tier 1, newly meeting it 0',
          '',
          'component:default/broken: no tier, stop-work -> no tier',
          'component:default/covered: production -> mvs, stop-work, below required tier (quality.coverage pass -> fail)',
          '',
        ].join('\n'),
      );
    });

    it('prints the response as JSON with --json, sending --token', async () => {
      let auth: string | null = null;
      server.use(
        http.post(previewUrl, ({ request }) => {
          auth = request.headers.get('authorization');
          return HttpResponse.json(response);
        }),
      );
      await write('checks.json', '{"checks":[],"overrides":{}}');
      expect(
        await cli(
          'checks',
          'preview',
          'checks.json',
          '--backend-url',
          'http://backstage.test/',
          '--token',
          'tok',
          '--json',
        ),
      ).toBe(0);
      expect(auth).toBe('Bearer tok');
      expect(JSON.parse(state.out)).toEqual(response);
    });

    it.each([
      [
        'a refusal',
        () =>
          HttpResponse.json(
            { error: { message: 'overrides["x.y"]: unknown check id' } },
            { status: 400 },
          ),
        '400 overrides["x.y"]: unknown check id',
      ],
      ['a network error', () => HttpResponse.error(), 'unreachable'],
    ])('exits 2 on %s, naming it', async (_what, reply, message) => {
      server.use(http.post(previewUrl, reply));
      await write('checks.json', '[]');
      expect(
        await cli(
          'checks',
          'preview',
          'checks.json',
          '--backend-url',
          'http://backstage.test',
        ),
      ).toBe(2);
      expect(state.err).toContain(message);
      expect(state.out).toBe('');
    });
  });
});
