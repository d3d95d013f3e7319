import type { Entity } from '@backstage/catalog-model';
import { TestApiRegistry } from '@backstage/test-utils';
import { readinessApiRef, type ReadinessApi } from '../../api/ReadinessApi';
import { clearReport, seedReport } from '../../testing/seedReport';
import { isStopWorkActive } from './isStopWorkActive';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'legacy-billing', namespace: 'default' },
};

function apisWith(getReport: ReadinessApi['getReport']) {
  return TestApiRegistry.from([
    readinessApiRef,
    { getReport } as Partial<ReadinessApi> as ReadinessApi,
  ]);
}

describe('isStopWorkActive', () => {
  it('is true while a stop-work order is active', async () => {
    const getReport = jest.fn(async () => seedReport());
    await expect(
      isStopWorkActive(entity, { apis: apisWith(getReport) }),
    ).resolves.toBe(true);
    expect(getReport).toHaveBeenCalledWith('component:default/legacy-billing');
  });

  it('is false when the entity is clear', async () => {
    await expect(
      isStopWorkActive(entity, { apis: apisWith(async () => clearReport()) }),
    ).resolves.toBe(false);
  });

  it('is false when the report cannot be loaded', async () => {
    await expect(
      isStopWorkActive(entity, {
        apis: apisWith(async () => {
          throw new Error('backend down');
        }),
      }),
    ).resolves.toBe(false);
  });

  it('is false when the readiness API is not installed', async () => {
    await expect(
      isStopWorkActive(entity, { apis: TestApiRegistry.from() }),
    ).resolves.toBe(false);
  });
});
