import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import type { CampaignProgress } from '@readiness/plugin-readiness-common';
import { readinessApiRef, type ReadinessApi } from '../../api/ReadinessApi';
import { ScorecardCampaigns } from './ScorecardCampaigns';

jest.setTimeout(30_000);

const progress: CampaignProgress = {
  campaign: {
    id: 'prod-ready',
    title: 'All production services at Production Ready by 2027-03-01',
    targetTier: 'production',
    checks: ['docs.complete'],
    appliesTo: { 'spec.lifecycle': 'production' },
    deadline: '2027-03-01T00:00:00.000Z',
    owner: 'group:default/platform-team',
    createdBy: 'user:default/alice',
    createdAt: '2026-12-01T00:00:00.000Z',
  },
  total: 4,
  atTarget: 1,
  share: 0.25,
  notAtTarget: [
    {
      entityRef: 'component:default/claude-flow',
      title: 'Claude Flow',
      tier: null,
      checks: [{ id: 'docs.complete', status: 'fail' }],
    },
    { entityRef: 'component:default/search', tier: 'mvs', checks: [] },
  ],
  trend: [
    { day: '2026-12-01', total: 4, atTarget: 0 },
    { day: '2026-12-02', total: 4, atTarget: 1 },
  ],
};

function render(listCampaigns: ReadinessApi['listCampaigns']) {
  return renderInTestApp(
    <TestApiProvider apis={[[readinessApiRef, { listCampaigns }]]}>
      <ScorecardCampaigns />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('ScorecardCampaigns', () => {
  it('shows each campaign with its target, deadline, progress bar, trend and the entities not at target as links', async () => {
    await render(async () => [progress]);
    const section = await screen.findByRole('region', {
      name: progress.campaign.title,
    });
    const card = within(section);
    expect(
      card.getByText(/Target: Production Ready, docs.complete/),
    ).toBeInTheDocument();
    expect(card.getByText(/Deadline:/)).toBeInTheDocument();
    expect(card.getByText('1 of 4 at target')).toBeInTheDocument();
    expect(
      card.getByRole('progressbar', {
        name: `Progress of ${progress.campaign.title}`,
      }),
    ).toHaveAttribute('aria-valuenow', '25');
    expect(card.getByText('Trend: 12-01 0% → 12-02 25%')).toBeInTheDocument();
    expect(card.getByRole('link', { name: 'Claude Flow' })).toHaveAttribute(
      'href',
      '/catalog/default/component/claude-flow',
    );
    expect(card.getByRole('link', { name: 'search' })).toBeInTheDocument();
    expect(card.getByText('docs.complete: fail')).toBeInTheDocument();
  });

  it('says when there are no campaigns', async () => {
    await render(async () => []);
    expect(await screen.findByText('No campaigns yet.')).toBeInTheDocument();
  });

  it('says when every entity is at target', async () => {
    await render(async () => [
      { ...progress, atTarget: 4, share: 1, notAtTarget: [], trend: [] },
    ]);
    expect(
      await screen.findByText('Every entity is at target.'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Trend:/)).not.toBeInTheDocument();
  });
});
