/** Collects bus events of the terminal domain and waits for conditions on them. */
import type { EventName, EventPayload } from '../../src/shared/contract';

export class Recorder {
  readonly events: { name: EventName; payload: unknown }[] = [];
  readonly bus = {
    emit: <E extends EventName>(name: E, payload: EventPayload<E>) => {
      this.events.push({ name, payload });
      for (const w of this.waiters.splice(0)) w();
    },
  };
  private waiters: (() => void)[] = [];

  of<E extends EventName>(name: E): EventPayload<E>[] {
    return this.events.filter((e) => e.name === name).map((e) => e.payload as EventPayload<E>);
  }

  /** All output of one terminal after `afterSeq`, joined. */
  output(terminalId: string, afterSeq = 0): string {
    return this.of('terminalOutput')
      .filter((o) => o.terminalId === terminalId && o.seq > afterSeq)
      .map((o) => o.data)
      .join('');
  }

  async until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }
}
