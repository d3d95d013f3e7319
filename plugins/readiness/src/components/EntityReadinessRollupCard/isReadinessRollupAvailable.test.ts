import type { Entity } from '@backstage/catalog-model';
import { isReadinessRollupAvailable } from './isReadinessRollupAvailable';

const entity = (kind: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
});

describe('isReadinessRollupAvailable', () => {
  it.each([
    ['System', true],
    ['group', true],
    ['Domain', true],
    ['Component', false],
    ['User', false],
  ])('%s: %p', (kind, expected) => {
    expect(isReadinessRollupAvailable(entity(kind))).toBe(expected);
  });
});
