/** Runs the tasks given for one key one after another (a failed task does not block the next). */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const run = prev.catch(() => undefined).then(fn);
    this.tails.set(key, run);
    void run
      .finally(() => {
        if (this.tails.get(key) === run) this.tails.delete(key);
      })
      .catch(() => undefined);
    return run;
  }
}
