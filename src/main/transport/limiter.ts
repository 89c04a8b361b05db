/**
 * Bounds the heavy calls (git diffs, commit lists: see `heavy` in the contract) running at once
 * across every client of one dispatch, so a flood of them cannot starve the machine and the
 * cheap calls (app info, session list, terminal input) stay answered at once. Waiting calls
 * are served round-robin by caller (each connection or window has its own signal), so one
 * busy client cannot push another's single diff to the back of a long line; a caller that
 * goes away leaves the line.
 */
import { availableParallelism } from 'node:os';
import { AppError } from '../../shared/errors';

export const DEFAULT_HEAVY_LIMIT = Math.max(2, Math.min(8, availableParallelism()));
/** Calls that may wait at once across all callers; beyond it the caller is told to slow down. */
export const DEFAULT_MAX_WAITING = 4096;

interface Waiter {
  start(): void;
  cancel(): void;
}

export interface Limiter {
  /** Runs `work` when a slot is free; rejects with `busy`/`cancelled` without running it. */
  run<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T>;
  readonly running: number;
  readonly waiting: number;
}

export function createLimiter(
  limit = DEFAULT_HEAVY_LIMIT,
  maxWaiting = DEFAULT_MAX_WAITING,
): Limiter {
  let running = 0;
  let waiting = 0;
  // Insertion order of the map is the round-robin order; a caller moves to the back once served.
  const lines = new Map<AbortSignal, Waiter[]>();

  const next = () => {
    while (running < limit) {
      const first = lines.entries().next();
      if (first.done) return;
      const [signal, line] = first.value;
      lines.delete(signal);
      const waiter = line.shift()!;
      if (line.length > 0) lines.set(signal, line);
      waiting--;
      waiter.start();
    }
  };

  return {
    get running() {
      return running;
    },
    get waiting() {
      return waiting;
    },
    run<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
      if (signal.aborted) return Promise.reject(cancelled());
      const go = async (): Promise<T> => {
        running++;
        try {
          return await work();
        } finally {
          running--;
          next();
        }
      };
      if (running < limit && lines.size === 0) return go();
      if (waiting >= maxWaiting) {
        return Promise.reject(
          new AppError(
            'busy',
            'The app has too many heavy calls waiting.',
            'Wait for the answers already asked for, then try again.',
          ),
        );
      }
      return new Promise<T>((resolve, reject) => {
        const onAbort = () => waiter.cancel();
        const waiter: Waiter = {
          start: () => {
            signal.removeEventListener('abort', onAbort);
            go().then(resolve, reject);
          },
          cancel: () => {
            const line = lines.get(signal);
            const i = line?.indexOf(waiter) ?? -1;
            if (!line || i < 0) return;
            line.splice(i, 1);
            if (line.length === 0) lines.delete(signal);
            waiting--;
            reject(cancelled());
          },
        };
        const line = lines.get(signal);
        if (line) line.push(waiter);
        else lines.set(signal, [waiter]);
        waiting++;
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}

function cancelled(): AppError {
  return new AppError('cancelled', 'The caller went away before the call ran.');
}
