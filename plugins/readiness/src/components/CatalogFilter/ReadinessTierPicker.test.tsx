import { MockEntityListContextProvider } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { readinessApiRef } from '../../api/ReadinessApi';
import { entities, mockApi } from './__testUtils__/summaries';
import { EntityReadinessFilter } from './EntityReadinessFilter';
import { ReadinessTierPicker } from './ReadinessTierPicker';

// Rendering and clicking through the app takes seconds on a loaded 2-core CI
// machine; the default 5 s made these tests flaky there.
jest.setTimeout(30_000);

async function renderPicker(
  queryParameters: Record<string, string | string[]> = {},
) {
  const { api, getSummariesByRefs } = mockApi();
  const updateFilters = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[readinessApiRef, api]]}>
      <MockEntityListContextProvider
        value={{ backendEntities: entities, updateFilters, queryParameters }}
      >
        <ReadinessTierPicker />
      </MockEntityListContextProvider>
    </TestApiProvider>,
  );
  return { updateFilters, getSummariesByRefs };
}

describe('ReadinessTierPicker', () => {
  it('loads the summaries of every loaded entity in one request and applies the chosen tiers', async () => {
    const { updateFilters, getSummariesByRefs } = await renderPicker();
    expect(getSummariesByRefs).not.toHaveBeenCalled();

    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Production Ready' }),
    );
    await waitFor(() =>
      expect(updateFilters).toHaveBeenLastCalledWith({
        readiness: expect.any(EntityReadinessFilter),
      }),
    );
    const filter: EntityReadinessFilter =
      updateFilters.mock.calls.at(-1)[0].readiness;
    expect(
      entities.filter(e => filter.filterEntity(e)).map(e => e.metadata.name),
    ).toEqual(['inventory']);
    expect(getSummariesByRefs).toHaveBeenCalledTimes(1);
    expect(getSummariesByRefs.mock.calls[0][0]).toHaveLength(4);

    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Production Ready' }),
    );
    await waitFor(() =>
      expect(updateFilters).toHaveBeenLastCalledWith({ readiness: undefined }),
    );
  });

  it('restores the selection from the query string', async () => {
    const { updateFilters } = await renderPicker({ readiness: ['stop-work'] });
    expect(
      screen.getByRole('checkbox', { name: 'Stop-work only' }),
    ).toBeChecked();
    await waitFor(() =>
      expect(updateFilters).toHaveBeenLastCalledWith({
        readiness: expect.objectContaining({ stopWorkOnly: true }),
      }),
    );
  });
});
