import { defaultSleep } from './GithubClient';

describe('defaultSleep', () => {
  it('resolves after the wait and rejects as soon as the signal aborts', async () => {
    await expect(defaultSleep(1)).resolves.toBeUndefined();

    const controller = new AbortController();
    const waiting = defaultSleep(60_000, controller.signal);
    controller.abort(new Error('entity timeout'));
    await expect(waiting).rejects.toThrow('entity timeout');
    await expect(defaultSleep(1, controller.signal)).rejects.toThrow(
      'entity timeout',
    );
  });
});
