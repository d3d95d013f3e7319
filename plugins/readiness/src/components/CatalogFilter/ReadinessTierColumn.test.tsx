import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { readinessApiRef } from '../../api/ReadinessApi';
import { entities, mockApi } from './__testUtils__/summaries';
import { createReadinessTierColumn } from './ReadinessTierColumn';

// Rendering and clicking through the app takes seconds on a loaded 2-core CI
// machine; the default 5 s made these tests flaky there.
jest.setTimeout(30_000);

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
