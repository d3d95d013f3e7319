import { entities, summaries } from './__testUtils__/summaries';
import { EntityReadinessFilter } from './EntityReadinessFilter';

describe('EntityReadinessFilter', () => {
  const byRef = new Map(summaries.map(s => [s.entityRef, s]));
  const names = (filter: EntityReadinessFilter) =>
    entities.filter(e => filter.filterEntity(e)).map(e => e.metadata.name);

  it('matches tiers and stop-work, and never an entity without a report', () => {
    expect(
      names(new EntityReadinessFilter(['enterprise', 'none'], false, byRef)),
    ).toEqual(['flow', 'payments']);
    expect(names(new EntityReadinessFilter([], true, byRef))).toEqual(['flow']);
    expect(names(new EntityReadinessFilter([], false, byRef))).toEqual([
      'flow',
      'payments',
      'inventory',
    ]);
    expect(
      new EntityReadinessFilter(['production'], true, byRef).toQueryValue(),
    ).toEqual(['production', 'stop-work']);
  });
});
