/**
 * At most `limit` tasks at a time; the rest wait their turn in order.
 *
 * @internal
 */
export class Slots {
  readonly #limit: number;
  #used = 0;
  readonly #queue: Array<() => void> = [];

  constructor(limit: number) {
    this.#limit = limit;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#used < this.#limit) {
      this.#used++;
    } else {
      // The releasing task hands its slot over, so `used` stays the same.
      await new Promise<void>(resolve => this.#queue.push(resolve));
    }
    try {
      return await task();
    } finally {
      const next = this.#queue.shift();
      if (next) next();
      else this.#used--;
    }
  }
}
