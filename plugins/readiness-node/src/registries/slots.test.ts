import { Slots } from './slots';

describe('Slots', () => {
  it('runs at most `limit` tasks at a time, in order, and frees slots on failure', async () => {
    const slots = new Slots(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const task = (id: number, fail = false) =>
      slots.run(async () => {
        started.push(id);
        running++;
        most = Math.max(most, running);
        await new Promise(resolve => setTimeout(resolve, 5));
        running--;
        if (fail) throw new Error(`task ${id} failed`);
        return id;
      });
    const results = await Promise.allSettled([
      task(1, true),
      task(2),
      task(3),
      task(4),
      task(5),
    ]);
    expect(most).toBe(2);
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(results.map(r => r.status)).toEqual([
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    // Every slot came back: a full batch runs again at once.
    running = 0;
    most = 0;
    await Promise.all([task(6), task(7)]);
    expect(most).toBe(2);
  });
});
