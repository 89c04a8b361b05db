/**
 * Follows the attention file the kit's attention-hook appends to (see kit/attention-hook.ts)
 * with a long-lived `tail -F` exec in the session's container. Only the last line already
 * there is read at start, so a reconnect reports the current state, not the history. Every
 * line comes from inside the container: it is length-capped and validated before use.
 */
import { StringDecoder } from 'node:string_decoder';
import { z } from 'zod';
import type { Engine, ExecStream } from '../engine/types';
import { ATTENTION_FILE } from '../kit/attention-hook';
import { AttentionState } from '../../shared/schemas/terminal';

const HookLine = z.object({
  state: AttentionState,
  reason: z.enum([
    'session-start',
    'prompt',
    'stop',
    'idle',
    'permission',
    'notification',
    'other',
  ]),
});
export type HookLine = z.infer<typeof HookLine>;

const MAX_LINE = 1000;

/** Splits text into lines and hands each valid one on; garbage and overlong lines are dropped. */
export class HookLineParser {
  private rest = '';
  constructor(private readonly onLine: (line: HookLine) => void) {}

  push(text: string): void {
    const parts = (this.rest + text).split('\n');
    this.rest = parts.pop() ?? '';
    if (this.rest.length > MAX_LINE) this.rest = '';
    for (const part of parts) {
      if (!part || part.length > MAX_LINE) continue;
      try {
        const parsed = HookLine.safeParse(JSON.parse(part));
        if (parsed.success) this.onLine(parsed.data);
      } catch {
        // Not JSON: ignore, the file is the container's to scribble on.
      }
    }
  }
}

export class HookWatcher {
  private exec: ExecStream | null = null;
  private stopped = false;

  constructor(
    private readonly engine: Engine,
    private readonly containerId: string,
    private readonly onLine: (line: HookLine) => void,
  ) {}

  async start(): Promise<void> {
    const exec = await this.engine.execStream(this.containerId, {
      cmd: ['tail', '-n', '1', '-F', '--', ATTENTION_FILE],
      tty: false,
      stdin: false,
    });
    if (this.stopped) {
      exec.close();
      return;
    }
    this.exec = exec;
    const decoder = new StringDecoder('utf8');
    const parser = new HookLineParser(this.onLine);
    exec.stdout.on('data', (chunk: Buffer) => parser.push(decoder.write(chunk)));
    exec.stdout.on('error', () => undefined);
    exec.stderr.resume();
  }

  stop(): void {
    this.stopped = true;
    this.exec?.close();
    this.exec = null;
  }
}
