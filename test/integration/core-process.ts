/** Drives test/integration/fixtures/core-process.ts: a session core in a real child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import type { MethodName, MethodOutput } from '../../src/shared/contract';

const SCRIPT = resolve(__dirname, 'fixtures/core-process.ts');

export interface CoreEvent {
  event: string;
  payload: Record<string, unknown>;
}

export class CoreProcess {
  readonly events: CoreEvent[] = [];
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, (v: { result?: unknown; error?: unknown }) => void>();
  private next = 0;
  private stderr = '';
  readonly exited: Promise<number | null>;
  private readyResolve!: () => void;
  readonly ready = new Promise<void>((r) => (this.readyResolve = r));

  constructor(
    dataDir: string,
    homeDir: string,
    dockerHost: string,
    networkHosts?: Record<string, string>,
  ) {
    this.child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        SCRIPT,
        dataDir,
        homeDir,
        dockerHost,
        ...(networkHosts ? [JSON.stringify(networkHosts)] : []),
      ],
      {
        cwd: resolve(__dirname, '../..'),
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let buf = '';
    this.child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        this.onLine(line);
      }
    });
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((r) => this.child.on('exit', (code) => r(code)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  private onLine(line: string): void {
    let msg: { ready?: boolean; id?: number; event?: string } & Record<string, unknown>;
    try {
      msg = JSON.parse(line) as typeof msg;
    } catch {
      return;
    }
    if (msg.ready) this.readyResolve();
    else if (msg.event) this.events.push(msg as unknown as CoreEvent);
    else if (msg.id !== undefined)
      this.pending.get(msg.id)?.(msg as { result?: unknown; error?: unknown });
  }

  async call<M extends MethodName>(method: M, params: unknown): Promise<MethodOutput<M>> {
    await this.ready;
    const id = this.next++;
    const answer = new Promise<{ result?: unknown; error?: unknown }>((r) =>
      this.pending.set(id, r),
    );
    this.child.stdin!.write(JSON.stringify({ id, method, params }) + '\n');
    const a = await answer;
    if (a.error) throw Object.assign(new Error(JSON.stringify(a.error)), a.error);
    return a.result as MethodOutput<M>;
  }

  /** The last status this process announced for the session. */
  statusOf(sessionId: string): string | undefined {
    return this.events
      .filter((e) => e.event === 'sessionStatus' && e.payload.id === sessionId)
      .at(-1)?.payload.status as string | undefined;
  }

  async exit(): Promise<void> {
    this.child.stdin!.write(JSON.stringify({ id: -1, method: 'exit' }) + '\n');
    await this.exited;
  }

  async kill9(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** For failure messages: what the process wrote on stderr. */
  get log(): string {
    return this.stderr;
  }
}

/** Waits, polling, for the listing to say so (cross-process changes are polled for). */
export async function pollListed(
  p: CoreProcess,
  check: (sessions: MethodOutput<'listSessions'>['sessions']) => boolean,
  timeout = 20_000,
): Promise<void> {
  await expect
    .poll(async () => check((await p.call('listSessions', {})).sessions), { timeout })
    .toBe(true);
}
