import type { Entity } from '@backstage/catalog-model';
import { MockEntityListContextProvider } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Tier } from '@readiness/plugin-readiness-common';
import { readinessApiRef } from '../../api/ReadinessApi';
import { summaryRow } from '../../testing/summaryRow';
import { EntityReadinessFilter } from './EntityReadinessFilter';
import { createReadinessTierColumn } from './ReadinessTierColumn';
import { ReadinessTierPicker } from './ReadinessTierPicker';

// Rendering and clicking through the app takes seconds on a loaded 2-core CI
// machine; the default 5 s made these tests flaky there.
jest.setTimeout(30_000);

function component(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service' },
  };
}

function row(name: string, tier: Tier | null, stopWork = false) {
  return summaryRow(name, { tier, stopWork });
}

const summaries = [
  row('flow', null, true),
  row('payments', 'enterprise'),
  row('inventory', 'production'),
];
const entities = [...summaries.map(s => component(s.name)), component('new')];

/** A fresh API object per test, so each gets its own loader and cache. */
function mockApi() {
  const getSummariesByRefs = jest.fn(async (refs: string[]) =>
    summaries.filter(s => refs.includes(s.entityRef)),
  );
  return { api: { getSummariesByRefs }, getSummariesByRefs };
}

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

describe('createReadinessTierColumn', () => {
  it('renders a tier chip per row from one batched request', async () => {
    const { api, getSummariesByRefs } = mockApi();
    const column = createReadinessTierColumn();
    await renderInTestApp(
      <TestApiProvider apis={[[readinessApiRef, api]]}>
        <ul>
          {entities.map(entity => (
            <li key={entity.metadata.name}>
              {column.render!({ entity }, 'row')}
            </li>
          ))}
        </ul>
      </TestApiProvider>,
    );
    expect(await screen.findByText('Enterprise Grade')).toBeInTheDocument();
    expect(screen.getByText('Production Ready')).toBeInTheDocument();
    expect(screen.getByText('No tier achieved')).toBeInTheDocument();
    expect(screen.getByText('Stop work')).toBeInTheDocument();
    expect(screen.getByText('Not evaluated')).toBeInTheDocument();
    expect(getSummariesByRefs).toHaveBeenCalledTimes(1);
  });
});
