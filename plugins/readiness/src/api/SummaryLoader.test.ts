import { summaryRow as row } from '../testing/summaryRow';
import { SummaryLoader } from './SummaryLoader';

describe('SummaryLoader', () => {
  it('answers every ref asked for in the same tick with one request, and caches', async () => {
    const getSummariesByRefs = jest.fn(async (refs: string[]) =>
      refs
        .filter(ref => !ref.endsWith('unknown'))
        .map(ref => row(ref.split('/')[1])),
    );
    let clock = 0;
    const loader = new SummaryLoader({ getSummariesByRefs }, () => clock);
    const refs = Array.from(
      { length: 50 },
      (_, i) => `component:default/c${i}`,
    );

    const results = await Promise.all([
      ...refs.map(ref => loader.load([ref])),
      loader.load(['component:default/unknown', refs[0]]),
    ]);
    expect(getSummariesByRefs).toHaveBeenCalledTimes(1);
    expect(getSummariesByRefs.mock.calls[0][0]).toHaveLength(51);
    expect(results[0].get(refs[0])?.name).toBe('c0');
    expect([...results[50].keys()]).toEqual([refs[0]]);

    // cached, including the known absence of a report
    await loader.load([refs[1], 'component:default/unknown']);
    expect(getSummariesByRefs).toHaveBeenCalledTimes(1);

    clock = 61_000;
    await loader.load([refs[1]]);
    expect(getSummariesByRefs).toHaveBeenCalledTimes(2);
  });

  it('passes a failed request on to every waiter', async () => {
    const loader = new SummaryLoader({
      getSummariesByRefs: async () => {
        throw new Error('backend down');
      },
    });
    await expect(
      Promise.all([
        loader.load(['component:default/a']),
        loader.load(['component:default/b']),
      ]),
    ).rejects.toThrow('backend down');
  });
});
