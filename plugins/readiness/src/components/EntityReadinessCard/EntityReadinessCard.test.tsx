import type { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  evaluateReadiness,
  type ReadinessReport,
} from '@readiness/plugin-readiness-common';
import {
  seedCaseEvidence,
  seedCaseFindings,
} from '@readiness/plugin-readiness-common/testUtils';
import { readinessApiRef } from '../../api/ReadinessApi';
import { ReadinessClient } from '../../api/ReadinessClient';
import {
  clearReport,
  emptyReport,
  seedReport,
  seedReportWithAllStatuses,
} from '../../testing/seedReport';
import { tabStops, unnamedStops } from '../__testUtils__/keyboard';
import { EntityReadinessCard } from './EntityReadinessCard';

// Rendering and clicking through the app takes seconds on a loaded 2-core CI
// machine; the default 5 s made these tests flaky there.
jest.setTimeout(30_000);

function makeEntity(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'billing' },
  };
}

// usePermission caches decisions per entity ref (SWR) across tests, so the
// permission tests use entities of their own.
const reportUrl =
  'http://localhost:7007/api/readiness/v1/entities/component/default/:name';

const server = setupServer();
registerMswTestHooks(server);

function serveReport(report: ReadinessReport) {
  server.use(http.get(reportUrl, () => HttpResponse.json(report)));
}

async function renderCard(
  authorize:
    AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.DENY,
  name = 'legacy-billing',
) {
  const client = new ReadinessClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: new MockFetchApi(),
  });
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [readinessApiRef, client],
        [permissionApiRef, mockApis.permission({ authorize })],
      ]}
    >
      <EntityProvider entity={makeEntity(name)}>
        <EntityReadinessCard />
      </EntityProvider>
    </TestApiProvider>,
    // Owners in the timeline link to their catalog pages.
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('EntityReadinessCard', () => {
  it('shows progress while the report loads', async () => {
    server.use(
      http.get(reportUrl, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    await renderCard();
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('shows an error panel when the report cannot be loaded', async () => {
    server.use(
      http.get(reportUrl, () =>
        HttpResponse.json(
          {
            error: { name: 'Error', message: 'database unavailable' },
            request: { method: 'GET', url: '/' },
            response: { statusCode: 500 },
          },
          { status: 500 },
        ),
      ),
    );
    await renderCard();
    expect(
      await screen.findByText(/Request failed with 500/),
    ).toBeInTheDocument();
  });

  it('shows "no evidence yet" when nothing was collected', async () => {
    serveReport(emptyReport());
    await renderCard();
    expect(await screen.findByText('No evidence yet')).toBeInTheDocument();
    expect(screen.queryByText('Tiers')).not.toBeInTheDocument();
  });

  it('warns when the report is stale', async () => {
    serveReport(seedReport({ stale: true }));
    await renderCard();
    expect(await screen.findByText(/This report is stale/)).toBeInTheDocument();
  });

  it('does not warn about staleness for a fresh report', async () => {
    serveReport(clearReport());
    await renderCard();
    expect(await screen.findByText('Tiers')).toBeInTheDocument();
    expect(screen.queryByText(/This report is stale/)).not.toBeInTheDocument();
    expect(
      screen.queryByText(/Stop-work order active/),
    ).not.toBeInTheDocument();
    expect(screen.getByText('Tier: Minimum Viable System')).toBeInTheDocument();
  });

  it('says which advisory source answered, for which ecosystems and how fresh', async () => {
    serveReport({
      ...seedReport(),
      advisorySources: [
        {
          kind: 'directory',
          location: '/srv/osv',
          ecosystems: [
            {
              ecosystem: 'crates.io',
              records: 4,
              newestModified: '2026-11-20T00:00:00.000Z',
            },
          ],
          newestModified: '2026-11-20T00:00:00.000Z',
          maxAgeDays: 7,
          uncovered: ['Go'],
        },
      ],
    });
    await renderCard();
    expect(
      await screen.findByText(
        'Advisories: directory /srv/osv; crates.io 4 records; newest 2026-11-20 (max age 7 days); not covered: Go',
      ),
    ).toBeInTheDocument();
  });

  it("shows DORA's four figures with their class, and why one is unknown", async () => {
    serveReport({
      ...seedReport(),
      delivery: {
        windowDays: 30,
        from: '2026-11-01T00:00:00.000Z',
        to: '2026-12-01T00:00:00.000Z',
        deploymentFrequency: {
          status: 'measured',
          value: 0.5,
          unit: 'per-day',
          doraClass: 'high',
          samples: 15,
        },
        leadTimeForChanges: {
          status: 'measured',
          value: 30,
          unit: 'hours',
          doraClass: 'high',
          samples: 15,
        },
        changeFailureRate: {
          status: 'measured',
          value: 6.67,
          unit: 'percent',
          doraClass: 'high',
          samples: 15,
        },
        timeToRestore: {
          status: 'unknown',
          reason: 'restored incidents: 0 in 30 days; at least 1 needed',
          samples: 0,
        },
      },
    });
    await renderCard();
    const heading = await screen.findByRole('heading', {
      name: 'Delivery (DORA, last 30 days)',
    });
    const rows = within(heading.parentElement!)
      .getAllByRole('listitem')
      .map(row => row.textContent);
    expect(rows).toEqual([
      'Deployment frequency3.5 a weekDORA High',
      'Lead time for changes30 hDORA High',
      'Change failure rate6.7%DORA High',
      'Time to restoreUnknown: restored incidents: 0 in 30 days; at least 1 needed',
    ]);
  });

  it('shows no delivery section without delivery metrics', async () => {
    serveReport(seedReport());
    await renderCard();
    expect(await screen.findByText('Tiers')).toBeInTheDocument();
    expect(screen.queryByText(/Delivery \(DORA/)).not.toBeInTheDocument();
  });

  it('renders the full seed-case report', async () => {
    serveReport(seedReport());
    await renderCard();

    expect(
      await screen.findByText('Tier: No tier achieved'),
    ).toBeInTheDocument();
    expect(screen.getByText('Risk: Critical')).toBeInTheDocument();
    expect(screen.getByText('Score 3/100')).toBeInTheDocument();
    expect(screen.getByText('Evaluated 5 minutes ago')).toBeInTheDocument();
    expect(
      screen.getByText(/Stop-work order active since/),
    ).toBeInTheDocument();

    // five sub-scores as bars, documentation has partial credit for the README
    for (const name of [
      'Build',
      'Security',
      'Testing',
      'Documentation',
      'Operations',
    ]) {
      expect(
        screen.getByRole('progressbar', { name: `${name} sub-score` }),
      ).toBeInTheDocument();
    }
    expect(
      screen.getByRole('progressbar', { name: 'Documentation sub-score' }),
    ).toHaveAttribute('aria-valuenow', '10');

    // the ladder: three tiers, MVS (the first not achieved) open
    expect(
      screen.getByRole('button', { name: /Minimum Viable System/ }),
    ).toHaveAttribute('aria-expanded', 'true');
    expect(
      screen.getByRole('button', { name: /Production Ready/ }),
    ).toHaveAttribute('aria-expanded', 'false');
    expect(
      screen.getByRole('button', { name: /Enterprise Grade/ }),
    ).toBeInTheDocument();

    const mvs = screen.getByRole('list', { name: 'Minimum Viable System' });
    const build = within(mvs).getByRole('listitem', { name: 'Clean build' });
    expect(within(build).getByText('Fail')).toBeInTheDocument();
    expect(
      within(build).getByText('40 compilation errors on main'),
    ).toBeInTheDocument();
    const tests = within(mvs).getByRole('listitem', { name: /tests pass/i });
    expect(within(tests).getByText('Unknown')).toBeInTheDocument();

    // details and evidence links open on demand; advisories link to OSV
    await userEvent.click(
      screen.getByRole('button', {
        name: /Show details of .*vulnerabilit/i,
      }),
    );
    expect(
      screen.getByText(
        /sqlx 0.7.2 \(crates.io, Cargo.lock, unknown\): severity unknown; fixed in 0.8.1/,
      ),
    ).toBeInTheDocument();
    expect(
      screen
        .getAllByRole('link', { name: /RUSTSEC-2024-0363/ })
        .map(link => link.getAttribute('href')),
    ).toContain('https://osv.dev/vulnerability/RUSTSEC-2024-0363');

    // the risk register: critical, high and manageable risks, what is in place
    const critical = screen.getByRole('list', { name: 'Critical risks' });
    expect(
      within(critical).getByText(
        /known vulnerabilities in locked dependencies: 2 known vulnerabilities/,
      ),
    ).toBeInTheDocument();
    expect(
      within(critical).getByText('(security.vulnerabilities)'),
    ).toBeInTheDocument();
    const high = screen.getByRole('list', { name: 'High risks' });
    expect(
      within(high).getByText(/unverified: no test evidence/),
    ).toBeInTheDocument();
    const manageable = screen.getByRole('list', { name: 'Manageable risks' });
    expect(
      within(manageable).getByText(/compliance not attested/),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('list', { name: 'What is in place' })).getByText(
        /dependencies are locked and scanned against advisories/,
      ),
    ).toBeInTheDocument();

    // the remediation timeline by phase, evidence collection marked as such
    await userEvent.click(
      screen.getByRole('button', { name: /Remediation plan/ }),
    );
    const immediate = screen.getByRole('list', {
      name: 'Immediate: contain the stop-work order',
    });
    const halt = within(immediate)
      .getByText(/^halt deployments/)
      .closest('li')!;
    expect(within(halt).getByText('done')).toBeInTheDocument();
    const stabilise = screen.getByRole('list', {
      name: 'Stabilise: resolve blockers',
    });
    expect(
      within(stabilise).getByText(
        'upgrade sqlx to 0.8.1 or later (RUSTSEC-2024-0363)',
      ),
    ).toBeInTheDocument();
    const collect = within(stabilise)
      .getByText(/collect evidence for tests pass/)
      .closest('li')!;
    expect(within(collect).getByText('collect evidence')).toBeInTheDocument();
    expect(
      screen.getByRole('list', {
        name: 'Production: reach production readiness',
      }),
    ).toBeInTheDocument();
  });

  it("draws the vulnerability and audit details from the report's findings", async () => {
    const report = seedReport();
    serveReport(report);
    await renderCard(AuthorizeResult.DENY, 'findings-card');
    const mvs = await screen.findByRole('list', {
      name: 'Minimum Viable System',
    });

    await userEvent.click(
      screen.getByRole('button', { name: /Show details of .*vulnerabilit/i }),
    );
    const vulnerabilities = within(mvs).getByRole('list', { name: 'Findings' });
    const [rsaLine, sqlxLine] =
      within(vulnerabilities).getAllByRole('listitem');
    expect(rsaLine).toHaveTextContent(
      'RUSTSEC-2023-0071: rsa 0.9.8 (crates.io, Cargo.lock, unknown): medium, CVSS 5.9; no fix available',
    );
    expect(rsaLine).toHaveTextContent('Marvin Attack');
    expect(sqlxLine).toHaveTextContent('severity unknown; fixed in 0.8.1');
    // Each finding once: the check's own line for it is not repeated.
    expect(screen.queryByText(/^RUSTSEC-2023-0071: rsa 0.9.8 in/)).toBeNull();

    await userEvent.click(
      screen.getByRole('button', {
        name: 'Show details of Healthy dependencies',
      }),
    );
    const audit = within(mvs).getAllByRole('list', { name: 'Findings' })[1];
    expect(
      within(audit)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      expect.stringContaining(
        'RUSTSEC-2024-0436: paste 1.0.15 (crates.io, no lockfile recorded, unknown): unmaintained; no fix available',
      ),
      expect.stringContaining('RUSTSEC-2024-0320: yaml-rust 0.4.5'),
    ]);
  });

  it('shows the check details of a report stored before findings existed', async () => {
    const { findings: _, ...stored } = seedReport();
    serveReport(stored as ReadinessReport);
    await renderCard(AuthorizeResult.DENY, 'stored-card');
    await userEvent.click(
      await screen.findByRole('button', {
        name: /Show details of .*vulnerabilit/i,
      }),
    );
    expect(screen.queryByRole('list', { name: 'Findings' })).toBeNull();
    expect(
      screen.getByText(/sqlx 0.7.2 in Cargo.lock \(severity unknown\)/),
    ).toBeInTheDocument();
  });

  it('shows custom checks like built-ins, and an upcoming one with the date it counts from', async () => {
    const now = new Date().toISOString();
    const evidence = seedCaseEvidence({
      compilationErrors: 97,
      findings: [],
      observedAt: now,
      staleAfter: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const custom = (effectiveFrom?: string) => ({
      title: 'Owned by a group',
      tier: 'mvs' as const,
      dimension: 'operations' as const,
      severity: 'blocker' as const,
      description: 'The owner is a group.',
      thresholds: {},
      rule: 'entity.spec.owner.startsWith("group:")',
      summary: { fail: 'owned by {{ entity.spec.owner }}, not a group' },
      source: 'custom',
      ...(effectiveFrom ? { effectiveFrom } : {}),
    });
    const report = evaluateReadiness({
      entityRef: 'component:default/custom-checks',
      entity: makeEntity('custom-checks'),
      evidence,
      config: {
        customChecks: [
          { ...custom(), id: 'acme.owned-by-group' },
          {
            ...custom('2099-01-31'),
            id: 'acme.owned-by-group-soon',
            title: 'Owned by a group, soon',
          },
        ],
      },
      now,
    });
    const without = evaluateReadiness({
      entityRef: 'component:default/custom-checks',
      evidence,
      now,
    });
    serveReport(report);
    await renderCard(AuthorizeResult.DENY, 'custom-checks');
    const mvs = await screen.findByRole('list', {
      name: 'Minimum Viable System',
    });
    const current = within(mvs).getByRole('listitem', {
      name: 'Owned by a group',
    });
    expect(
      within(current).getByText('owned by billing, not a group'),
    ).toBeInTheDocument();
    expect(within(current).queryByText(/^upcoming from/)).toBeNull();
    const upcoming = within(mvs).getByRole('listitem', {
      name: 'Owned by a group, soon',
    });
    expect(
      within(upcoming).getByText('upcoming from 31 Jan 2099'),
    ).toBeInTheDocument();
    // The current custom check counts toward the tier; the upcoming one does not.
    const mvsCount = (r: ReadinessReport) =>
      r.tiers.find(t => t.tier === 'mvs')!.checks.length;
    expect(mvsCount(report)).toBe(mvsCount(without) + 1);
    expect(
      screen.getByText(
        `${report.tiers[0].passed} of ${mvsCount(report)} checks pass or are waived`,
      ),
    ).toBeInTheDocument();
  });

  it('shows the timeline with time boxes, owners, due dates and overdue items', async () => {
    const day = 24 * 3_600_000;
    const since = new Date(Date.now() - 3 * day).toISOString();
    const report = evaluateReadiness({
      entityRef: 'component:default/timeline',
      evidence: seedCaseEvidence({
        compilationErrors: 97,
        findings: [seedCaseFindings.sqlx],
        observedAt: since,
        staleAfter: new Date(Date.now() + 30 * day).toISOString(),
      }),
      previousStopWork: {
        active: true,
        automatic: true,
        blockers: ['build.clean'],
        unverifiedBlockers: [],
        since,
        countsAtStart: { compilationErrors: 97 },
        progress: [],
      },
      owner: 'group:default/billing-team',
      config: {
        remediation: { owners: { security: 'group:default/security' } },
      },
      now: new Date().toISOString(),
    });
    serveReport(report);
    await renderCard(AuthorizeResult.DENY, 'timeline');
    await userEvent.click(
      await screen.findByRole('button', { name: /Remediation plan/ }),
    );
    const dueOf = (days: number) =>
      new Date(Date.parse(since) + days * day).toLocaleDateString('en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
      });
    expect(
      screen.getByText(`From ${dueOf(0)}, due ${dueOf(14)}`),
    ).toBeInTheDocument();
    const immediate = screen.getByRole('list', {
      name: 'Immediate: contain the stop-work order',
    });
    const notify = within(immediate)
      .getByText(/^notify the owners/)
      .closest('li')!;
    expect(within(notify).getByText('overdue')).toBeInTheDocument();
    expect(
      within(notify).getByRole('link', { name: 'billing-team' }),
    ).toBeInTheDocument();
    const stabilise = screen.getByRole('list', {
      name: 'Stabilise: resolve blockers',
    });
    const sqlx = within(stabilise)
      .getByText(/^upgrade sqlx/)
      .closest('li')!;
    expect(
      within(sqlx).getByRole('link', { name: 'security' }),
    ).toBeInTheDocument();
    expect(within(sqlx).queryByText('overdue')).toBeNull();
  });

  it('renders hostile advisory text as text: no element, link or script from it', async () => {
    // Each payload would set window.pwned if it were parsed as HTML or
    // followed as a link.
    const script = '<script>window.pwned = 1</script>';
    const img = '<img src=x onerror="window.pwned = 1">';
    // eslint-disable-next-line no-script-url -- hostile input on purpose
    const jsUrl = 'javascript:window.pwned=1';
    const hostile = {
      ...seedCaseFindings.sqlx,
      advisoryId: `GHSA-evil ${img}`,
      summary: `${script} ${img} [click me](${jsUrl}) **bold**`,
      link: jsUrl,
    };
    const now = new Date(Date.now() - 60_000).toISOString();
    serveReport(
      evaluateReadiness({
        entityRef: 'component:default/hostile-advisory',
        evidence: seedCaseEvidence({
          compilationErrors: 0,
          findings: [hostile],
          observedAt: now,
          staleAfter: new Date(Date.now() + 86_400_000).toISOString(),
        }),
        now,
      }),
    );
    const { container } = await renderCard(
      AuthorizeResult.DENY,
      'hostile-advisory',
    );
    await userEvent.click(
      await screen.findByRole('button', {
        name: /Show details of .*vulnerabilit/i,
      }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: /Remediation plan/ }),
    );

    // the payloads are on screen, verbatim, as text
    expect(
      screen.getAllByText(content => content.includes(script)).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getAllByText(content => content.includes(`[click me](${jsUrl})`))
        .length,
    ).toBeGreaterThan(0);
    // and nothing was made of them
    expect(container.querySelectorAll('script, img, iframe')).toHaveLength(0);
    expect(container.querySelector('[onerror]')).toBeNull();
    const hrefs = Array.from(container.querySelectorAll('a')).map(a =>
      a.getAttribute('href'),
    );
    expect(hrefs.length).toBeGreaterThan(0);
    expect(hrefs.filter(href => !/^https?:\/\//.test(href ?? ''))).toEqual([]);
    await new Promise(resolve => setTimeout(resolve, 50));
    expect((window as { pwned?: number }).pwned).toBeUndefined();
  });

  it('tells the four statuses apart by text, and shows the waiver', async () => {
    serveReport(seedReportWithAllStatuses());
    await renderCard();

    const mvs = await screen.findByRole('list', {
      name: 'Minimum Viable System',
    });
    expect(
      within(
        within(mvs).getByRole('listitem', { name: /tests pass/i }),
      ).getByText('Pass'),
    ).toBeInTheDocument();
    expect(
      within(
        within(mvs).getByRole('listitem', { name: 'Clean build' }),
      ).getByText('Fail'),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: /Production Ready/ }),
    );
    const production = await screen.findByRole('list', {
      name: 'Production Ready',
    });
    const debt = within(production).getByRole('listitem', {
      name: /tech.?debt|TODO/i,
    });
    expect(within(debt).getByText('Waived')).toBeInTheDocument();
    expect(
      within(debt).getByText(
        /Waived by user:default\/lead until 31 Jan 2099, owned by group:default\/billing: TODOs are tracked in the migration epic/,
      ),
    ).toBeInTheDocument();
    const coverage = within(production).getByRole('listitem', {
      name: /coverage/i,
    });
    const unknown = within(coverage).getByText('Unknown');
    expect(unknown).toHaveAttribute('data-status', 'unknown');

    // each status has its own text
    const labels = screen
      .getAllByText(/^(Pass|Fail|Unknown|Waived)$/)
      .map(e => e.textContent);
    expect(new Set(labels)).toEqual(
      new Set(['Pass', 'Fail', 'Unknown', 'Waived']),
    );
  });

  it('shows the license verdict, naming the package the policy does not allow', async () => {
    const observedAt = new Date().toISOString();
    serveReport(
      evaluateReadiness({
        entityRef: 'component:default/licensed',
        evidence: [
          {
            key: 'licenses',
            source: 'repository',
            observedAt,
            staleAfter: new Date(Date.now() + 86_400_000).toISOString(),
            value: {
              packages: [
                {
                  ecosystem: 'npm',
                  name: 'zod',
                  version: '3.23.8',
                  license: 'MIT',
                },
                {
                  ecosystem: 'npm',
                  name: 'copyleft',
                  version: '1.0.0',
                  license: 'AGPL-3.0-only',
                },
              ],
            },
          },
        ],
        config: { licenses: { allow: ['MIT'], deny: ['AGPL-3.0-only'] } },
        now: observedAt,
      }),
    );
    await renderCard(AuthorizeResult.DENY, 'licensed');

    await userEvent.click(
      await screen.findByRole('button', { name: /Production Ready/ }),
    );
    const production = await screen.findByRole('list', {
      name: 'Production Ready',
    });
    const licenses = within(production).getByRole('listitem', {
      name: 'Dependency licenses',
    });
    expect(within(licenses).getByText('Fail')).toBeInTheDocument();
    expect(
      within(licenses).getByText(
        '1 package under a license the policy does not allow: copyleft 1.0.0 (AGPL-3.0-only)',
      ),
    ).toBeInTheDocument();
  });

  it('hides the refresh button without the refresh permission', async () => {
    serveReport(seedReport());
    await renderCard(AuthorizeResult.DENY, 'denied');
    expect(await screen.findByText('Tiers')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Refresh' }),
    ).not.toBeInTheDocument();
  });

  it('refreshes with progress when the user may', async () => {
    serveReport(seedReport());
    let release: () => void = () => {};
    const released = new Promise<void>(resolve => {
      release = resolve;
    });
    server.use(
      http.post(`${reportUrl}/refresh`, async () => {
        await released;
        return HttpResponse.json(clearReport());
      }),
    );
    await renderCard(AuthorizeResult.ALLOW, 'allowed');

    const button = await screen.findByRole('button', { name: /Refresh/ });
    await screen.findByText('Tier: No tier achieved');
    await userEvent.click(button);

    expect(
      await screen.findByRole('progressbar', { name: 'Refreshing readiness' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Refresh/ })).toBeDisabled();

    release();
    expect(
      await screen.findByText('Tier: Minimum Viable System'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: /Refresh/ })).toBeEnabled(),
    );
    expect(
      screen.queryByRole('progressbar', { name: 'Refreshing readiness' }),
    ).not.toBeInTheDocument();
  });

  it('reports a failed refresh', async () => {
    serveReport(seedReport());
    server.use(
      http.post(`${reportUrl}/refresh`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message: 'nope' },
            request: { method: 'POST', url: '/' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    await renderCard(AuthorizeResult.ALLOW, 'allowed-too');
    await userEvent.click(
      await screen.findByRole('button', { name: /Refresh/ }),
    );
    expect(await screen.findByText(/Refresh failed/)).toBeInTheDocument();
    // the last report stays visible
    expect(screen.getByText('Tier: No tier achieved')).toBeInTheDocument();
  });

  it('is operable by keyboard: every control is a named tab stop, in reading order', async () => {
    serveReport(seedReport());
    await renderCard(AuthorizeResult.ALLOW, 'keyboard');
    await screen.findByText('Tier: No tier achieved');
    const refresh = await screen.findByRole('button', { name: 'Refresh' });

    const vulnerabilities = screen.getByRole('button', {
      name: 'Show details of No known vulnerabilities',
    });
    const production = screen.getByRole('button', { name: /Production Ready/ });
    const stops = await tabStops();
    expect(unnamedStops(stops)).toEqual([]);
    expect(stops).toEqual([
      refresh,
      screen.getByRole('button', { name: /Minimum Viable System/ }),
      vulnerabilities,
      screen.getByRole('button', {
        name: 'Show details of Healthy dependencies',
      }),
      production,
      screen.getByRole('button', { name: /Enterprise Grade/ }),
      screen.getByRole('button', { name: /Remediation plan/ }),
    ]);

    // Enter on a check's expander opens its details; the evidence links in
    // them come next in the tab order.
    vulnerabilities.focus();
    await userEvent.keyboard('{Enter}');
    const hide = screen.getByRole('button', {
      name: 'Hide details of No known vulnerabilities',
    });
    expect(hide).toHaveAttribute('aria-expanded', 'true');
    expect(hide).toHaveFocus();
    for (const advisory of [/RUSTSEC-2023-0071/, /RUSTSEC-2024-0363/]) {
      await userEvent.tab();
      expect(screen.getByRole('link', { name: advisory })).toHaveFocus();
    }

    // Space and Enter on a tier open it.
    production.focus();
    await userEvent.keyboard(' ');
    expect(production).toHaveAttribute('aria-expanded', 'true');
    expect(
      screen.getByRole('list', { name: 'Production Ready' }),
    ).toBeInTheDocument();
    await userEvent.tab();
    const enterprise = screen.getByRole('button', { name: /Enterprise Grade/ });
    expect(enterprise).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(enterprise).toHaveAttribute('aria-expanded', 'true');
    expect(
      screen.getByRole('list', { name: 'Enterprise Grade' }),
    ).toBeInTheDocument();
    expect(unnamedStops(await tabStops())).toEqual([]);
  });
});
