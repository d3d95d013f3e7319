import { maxDeliveryEvents } from '../schemas/evidence';
import { daysFromNow, NOW } from '../testUtils/fixtures';
import { mergeDeploymentEvents, mergeIncidentEvents } from './deliveryEvents';

describe('mergeDeploymentEvents', () => {
  it('adds pushed deployments to the stored ones, newest first, a pushed one replacing its id', () => {
    const merged = mergeDeploymentEvents(
      [
        { id: 'a', deployedAt: daysFromNow(-3), succeeded: true },
        { id: 'b', deployedAt: daysFromNow(-2), succeeded: true },
      ],
      [
        {
          id: 'b',
          deployedAt: daysFromNow(-2),
          succeeded: true,
          changeFailure: true,
        },
        { deployedAt: daysFromNow(-1), succeeded: false, sha: 'c' },
      ],
      NOW,
    );
    expect(merged).toEqual([
      { deployedAt: daysFromNow(-1), succeeded: false, sha: 'c' },
      {
        id: 'b',
        deployedAt: daysFromNow(-2),
        succeeded: true,
        changeFailure: true,
      },
      { id: 'a', deployedAt: daysFromNow(-3), succeeded: true },
    ]);
  });

  it('keeps a year and at most the cap of events', () => {
    const old = { id: 'old', deployedAt: daysFromNow(-367), succeeded: true };
    const many = Array.from({ length: maxDeliveryEvents + 5 }, (_, i) => ({
      id: String(i),
      deployedAt: daysFromNow(-i / 10),
      succeeded: true,
    }));
    const merged = mergeDeploymentEvents([old], many, NOW);
    expect(merged).toHaveLength(maxDeliveryEvents);
    expect(merged.map(d => d.id)).not.toContain('old');
    expect(merged[0].id).toBe('0');
  });
});

describe('mergeIncidentEvents', () => {
  it('resolves a stored incident by a later push of its id', () => {
    expect(
      mergeIncidentEvents(
        [{ id: 'inc-1', startedAt: daysFromNow(-1) }],
        [{ id: 'inc-1', startedAt: daysFromNow(-1), resolvedAt: NOW }],
        NOW,
      ),
    ).toEqual([{ id: 'inc-1', startedAt: daysFromNow(-1), resolvedAt: NOW }]);
  });
});
