import { replayDistribution, type ReplayPoint } from './replayDistribution';

const point = (
  entityRef: string,
  recordedAt: string,
  tier: ReplayPoint['tier'],
  extra: Partial<ReplayPoint> = {},
): ReplayPoint => ({
  entityRef,
  recordedAt,
  tier,
  score: 50,
  stopWork: false,
  requiredTier: null,
  ...extra,
});

describe('replayDistribution', () => {
  const now = '2026-03-05T12:00:00.000Z';

  it('counts each entity in the state of its latest point up to each day', () => {
    const days = replayDistribution(
      [
        // Before the window: the state the window opens with.
        point('a', '2026-02-20T08:00:00.000Z', 'mvs', {
          requiredTier: 'production',
        }),
        point('b', '2026-03-04T09:00:00.000Z', null, { stopWork: true }),
        point('a', '2026-03-04T10:00:00.000Z', 'production', {
          requiredTier: 'production',
          score: 80,
        }),
      ],
      { days: 3, now },
    );
    expect(days.map(d => d.day)).toEqual([
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
    ]);
    expect(days[0].counts).toMatchObject({
      total: 1,
      tiers: { mvs: 1, production: 0, none: 0 },
      belowRequiredTier: 1,
      scoreSum: 50,
    });
    expect(days[1].counts).toMatchObject({
      total: 2,
      tiers: { mvs: 0, production: 1, none: 1 },
      stopWork: 1,
      belowRequiredTier: 0,
      scoreSum: 130,
    });
    expect(days[2].counts).toEqual(days[1].counts);
  });

  it('leaves out days before any entity had a point', () => {
    expect(
      replayDistribution([point('a', '2026-03-05T01:00:00.000Z', 'mvs')], {
        days: 5,
        now,
      }).map(d => d.day),
    ).toEqual(['2026-03-05']);
  });
});
