/**
 * Terminal throughput and keystroke latency.
 *
 * Throughput: the same program (`cat` of ~32 MB of base64 text, in lines of 120) runs as a
 * session's agent through the TerminalService (TTY exec → UTF-8 decode → headless screen →
 * 16 ms batches → a viewer that counts and acks at once) and, as the baseline, through a plain
 * Engine.execStream with a TTY read by nothing but a byte counter. Runs alternate. Bytes/s
 * count from the first byte the viewer (or counter) gets to the process's exit; the time to
 * that first byte is reported on its own (the app's includes launching an agent: looking for
 * tmux, the attention watcher), since it is start-up, not throughput.
 * Latency: one keystroke written to an interactive bash until its echo reaches the viewer,
 * through the service and through the plain exec.
 * Also: how fast the headless screen parses this output in the main thread, and the CPU time
 * per MB of each path (the app's includes the screen worker's parsing): on a machine whose cores
 * are busy, CPU per MB rather than the pipe decides the app's rate.
 */
import { randomBytes } from 'node:crypto';
import type { Engine } from '../src/main/engine/types';
import type { EventName, EventPayload } from '../src/shared/contract';
import type { SessionInfo } from '../src/shared/schemas/session';
import { InlineScreen } from '../src/main/terminals/screen';
import { TerminalService } from '../src/main/terminals/service';
import { withBenchContainer } from './lib/container';
import { round, summarize } from './lib/stats';
import type { Bench } from './lib/types';

const DATA_FILE = '/tmp/ccr-bench-terminal.txt';
const RAW_BYTES = 24 * 1024 * 1024; // base64: 32 MiB of text

/** CPU time of this whole process (all threads: the screen workers included). */
function cpuMsSince(c0: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

type Listener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

function benchSession(
  engineAddress: string,
  kind: 'docker' | 'podman',
  containerId: string,
): SessionInfo {
  return {
    schemaVersion: 1,
    id: 'bench-terminal',
    name: 'bench-terminal',
    folder: '/nonexistent',
    branch: 'claude/bench',
    baseCommit: null,
    engine: { address: engineAddress, kind },
    containerId,
    containerName: 'bench',
    image: '',
    containerUser: '',
    status: 'running',
    createdAt: '',
    updatedAt: '',
  };
}

/** Bytes/s of the plain TTY exec, counted and nothing else. */
async function baselineRun(
  engine: Engine,
  id: string,
): Promise<{ bytes: number; seconds: number; startMs: number; cpuMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const exec = await engine.execStream(id, {
    cmd: ['cat', DATA_FILE],
    tty: true,
    stdin: true,
    cols: 120,
    rows: 40,
  });
  let bytes = 0;
  let first = 0n;
  exec.stdout.on('data', (c: Buffer) => {
    if (!bytes) first = process.hrtime.bigint();
    bytes += c.length;
  });
  await exec.wait();
  const end = process.hrtime.bigint();
  exec.close();
  return {
    bytes,
    seconds: Number(end - first) / 1e9,
    startMs: Number(first - t0) / 1e6,
    cpuMs: cpuMsSince(c0),
  };
}

/** Bytes/s through the terminal service to a viewer that acks everything at once. */
async function appRun(
  service: TerminalService,
  session: SessionInfo,
  setListener: (l: Listener) => void,
) {
  let chars = 0;
  let first = 0n;
  let terminalId = '';
  let done: () => void = () => undefined;
  const exited = new Promise<void>((r) => (done = r));
  setListener((name, payload) => {
    if (name === 'terminalsChanged' && !terminalId) {
      const t = (payload as EventPayload<'terminalsChanged'>).terminals.find(
        (x) => x.role === 'agent',
      );
      if (t) {
        terminalId = t.id;
        void service.attach(t.id, 'bench');
      }
    } else if (name === 'terminalOutput') {
      const p = payload as EventPayload<'terminalOutput'>;
      if (!chars) first = process.hrtime.bigint();
      chars += p.data.length;
      service.ack(p.terminalId, 'bench', p.data.length);
    } else if (name === 'terminalExit') done();
  });
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await service.launch(session, {
    cmd: ['cat', DATA_FILE],
    user: '',
    workdir: '/workspace',
    env: {},
  });
  await exited;
  const end = process.hrtime.bigint();
  service.close(terminalId);
  return {
    bytes: chars,
    seconds: Number(end - first) / 1e9,
    startMs: Number(first - t0) / 1e6,
    cpuMs: cpuMsSince(c0),
  };
}

async function echoLatencies(
  write: (s: string) => void,
  output: { text: string },
  n: number,
): Promise<number[]> {
  const samples: number[] = [];
  const alphabet = 'abcdefghijklmnopqrstuvwxyz';
  for (let i = 0; i < n; i++) {
    const ch = alphabet[i % alphabet.length]!;
    output.text = '';
    const t0 = process.hrtime.bigint();
    write(ch);
    while (!output.text.includes(ch)) await new Promise((r) => setImmediate(r));
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    await new Promise((r) => setTimeout(r, 20));
  }
  write('\x15'); // clear the line
  return samples;
}

function headlessParseRate(): number {
  const text = randomBytes(6 * 1024 * 1024)
    .toString('base64')
    .replace(/(.{120})/g, '$1\r\n');
  const screen = new InlineScreen(120, 40);
  const t0 = process.hrtime.bigint();
  return new Promise<number>((resolve) => {
    for (let i = 0; i < text.length; i += 65536) screen.write(text.slice(i, i + 65536));
    screen.write('', () => {
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      screen.dispose();
      resolve(text.length / s);
    });
  }) as unknown as number;
}

const bench: Bench = async (ctx) => {
  const rounds = ctx.iterations ?? 3;
  return withBenchContainer(ctx.engine, 'terminal-throughput', async (engine, id) => {
    ctx.log(`writing ${RAW_BYTES / 1024 / 1024} MiB (base64) to ${DATA_FILE}`);
    const gen = await engine.exec(id, {
      cmd: [
        'sh',
        '-c',
        `mkdir -p /workspace && head -c ${RAW_BYTES} /dev/urandom | base64 -w 120 > ${DATA_FILE}`,
      ],
    });
    if (gen.exitCode !== 0)
      throw new Error(`could not write the data file: ${gen.stderr.toString()}`);
    const session = benchSession(ctx.engine.address, ctx.engine.name, id);
    let listener: Listener = () => undefined;
    const service = new TerminalService({
      bus: { emit: (name, payload) => listener(name, payload) },
      getSession: async () => session,
      getEngine: async () => engine,
      containerShell: ['bash', '--norc', '--noprofile', '-i'],
    });
    try {
      const app: number[] = [];
      const base: number[] = [];
      const appCpu: number[] = [];
      const appStart: number[] = [];
      const baseStart: number[] = [];
      // The same runs measured from the launch call instead of the first byte.
      const appWhole: number[] = [];
      const baseWhole: number[] = [];
      const baseCpu: number[] = [];
      let appBytes = 0;
      let baseBytes = 0;
      for (let i = 0; i < rounds; i++) {
        const order = i % 2 === 0 ? ['app', 'base'] : ['base', 'app'];
        for (const which of order) {
          if (which === 'app') {
            const r = await appRun(service, session, (l) => (listener = l));
            app.push(r.bytes / r.seconds);
            appStart.push(r.startMs);
            appWhole.push(r.bytes / (r.seconds + r.startMs / 1000));
            appCpu.push(r.cpuMs / (r.bytes / 1e6));
            appBytes = r.bytes;
          } else {
            const r = await baselineRun(engine, id);
            base.push(r.bytes / r.seconds);
            baseStart.push(r.startMs);
            baseWhole.push(r.bytes / (r.seconds + r.startMs / 1000));
            baseCpu.push(r.cpuMs / (r.bytes / 1e6));
            baseBytes = r.bytes;
          }
        }
        ctx.log(
          `round ${i + 1}: app ${round(app.at(-1)! / 1e6)} MB/s, baseline ${round(base.at(-1)! / 1e6)} MB/s`,
        );
      }
      if (appBytes !== baseBytes)
        throw new Error(
          `the paths carried different amounts: app ${appBytes}, baseline ${baseBytes}`,
        );

      // Keystroke to echo, through the service and through a plain exec.
      const appOut = { text: '' };
      listener = (name, payload) => {
        if (name === 'terminalOutput') {
          const p = payload as EventPayload<'terminalOutput'>;
          appOut.text += p.data;
          service.ack(p.terminalId, 'bench', p.data.length);
        }
      };
      const term = await service.open({
        sessionId: session.id,
        kind: 'container',
        cols: 120,
        rows: 40,
      });
      await service.attach(term.id, 'bench');
      await new Promise((r) => setTimeout(r, 500));
      const appEcho = summarize(await echoLatencies((s) => service.write(term.id, s), appOut, 40));
      service.close(term.id);
      const plain = await engine.execStream(id, {
        cmd: ['bash', '--norc', '--noprofile', '-i'],
        tty: true,
        stdin: true,
        cols: 120,
        rows: 40,
      });
      const plainOut = { text: '' };
      plain.stdout.on('data', (c: Buffer) => (plainOut.text += c.toString()));
      await new Promise((r) => setTimeout(r, 500));
      const baseEcho = summarize(await echoLatencies((s) => plain.stdin!.write(s), plainOut, 40));
      plain.close();

      const parse = await headlessParseRate();
      const a = summarize(app);
      const b = summarize(base);
      return {
        data_bytes: appBytes,
        rounds_count: rounds,
        app_bytes_per_s: Math.round(a.p50),
        baseline_bytes_per_s: Math.round(b.p50),
        headless_parse_bytes_per_s: Math.round(parse),
        app_cpu_ms_per_mb: round(summarize(appCpu).p50),
        app_first_byte_ms: round(summarize(appStart).p50),
        baseline_first_byte_ms: round(summarize(baseStart).p50),
        baseline_cpu_ms_per_mb: round(summarize(baseCpu).p50),
        app_echo_p50_ms: round(appEcho.p50),
        app_echo_p95_ms: round(appEcho.p95),
        baseline_echo_p50_ms: round(baseEcho.p50),
        baseline_echo_p95_ms: round(baseEcho.p95),
        ratio_from_launch: round(summarize(appWhole).p50 / summarize(baseWhole).p50, 3),
        ratio: round(a.p50 / b.p50, 3),
      };
    } finally {
      service.dispose();
    }
  });
};

export default bench;
