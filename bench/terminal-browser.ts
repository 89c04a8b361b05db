/**
 * Terminal output to the screen: the whole path a user has, container → app (core, screen,
 * batches) → WebSocket → the renderer's xterm.js in Chromium, against a plain TTY exec read by a
 * byte counter (`docker exec -t … > /dev/null`).
 *
 * A session (image ccr-test-tmux-session: the agent runs under tmux) writes ~20 MB of base64
 * lines (120 columns) to a file. Then, in the page:
 * - agent: Enter is pressed in the agent's terminal; the agent `cat`s the file under tmux and
 *   prints a marker. Time from the Enter's keydown to the marker drawn on screen.
 * - shell: the same `cat` typed into a container shell (no tmux).
 * - baseline: `cat` of the file through Engine.execStream with a TTY, from the exec's creation
 *   to its end (what `docker exec -t` to /dev/null costs).
 * - echo: single keystrokes in the shell, keydown to the character drawn (p50/p95).
 * Also the longest frame (requestAnimationFrame gap) and long tasks during each flood.
 * ratio = baseline seconds / agent seconds (1 = as fast as the plain exec).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { connectEngineAt } from '../src/main/engine';
import type { Engine } from '../src/main/engine/types';
import { openBrowserApp } from './lib/browser-app';
import { round, summarize } from './lib/stats';
import type { Bench } from './lib/types';

const DATA = '/tmp/ccr-bench-flood.txt';
const RAW_BYTES = 15 * 1024 * 1024; // base64: 20 MiB of text
const IMAGE = 'ccr-test-tmux-session:latest';

const AGENT = [
  `head -c ${RAW_BYTES} /dev/urandom | base64 -w 120 > ${DATA}`,
  'echo READY',
  `n=0; while read x; do n=$((n+1)); cat ${DATA}; echo "FLOOD-$n-END"; done`,
].join('\n');

interface Flood {
  ms: number;
  maxFrameMs: number;
  longTasks: number;
  longestTaskMs: number;
}

/** Where an in-page watcher leaves its promise between two evaluate calls. */
interface Watch {
  __ccrWatch?: Promise<unknown>;
}

/** Installs the in-page watcher, presses Enter, resolves when `marker` is drawn. */
async function flood(page: Page, marker: string, before: () => Promise<void>): Promise<Flood> {
  await before();
  await page.evaluate((m) => {
    (window as unknown as Watch).__ccrWatch = new Promise<Flood>((resolve, reject) => {
      const rows = document.querySelector('.terminal-view .xterm-rows')!;
      setTimeout(() => reject(new Error(`${m} not shown in 180 s`)), 180_000);
      let t0 = 0;
      let maxFrame = 0;
      let last = 0;
      let running = true;
      const tasks: number[] = [];
      const po = new PerformanceObserver((l) => {
        for (const e of l.getEntries()) tasks.push(e.duration);
      });
      try {
        po.observe({ type: 'longtask', buffered: false });
      } catch {
        /* no long task timing here */
      }
      const frame = (t: number) => {
        if (!running) return;
        if (last) maxFrame = Math.max(maxFrame, t - last);
        last = t;
        requestAnimationFrame(frame);
      };
      document.addEventListener(
        'keydown',
        (e) => {
          if (e.key === 'Enter' && !t0) {
            t0 = performance.now();
            requestAnimationFrame(frame);
          }
        },
        { capture: true },
      );
      const check = () => {
        if (!t0 || !rows.textContent?.includes(m)) return;
        running = false;
        obs.disconnect();
        po.disconnect();
        resolve({
          ms: performance.now() - t0,
          maxFrameMs: maxFrame,
          longTasks: tasks.length,
          longestTaskMs: tasks.length ? Math.max(...tasks) : 0,
        });
      };
      const obs = new MutationObserver(check);
      obs.observe(rows, { childList: true, subtree: true, characterData: true });
    });
  }, marker);
  // The watcher is in place: evaluate returned after installing it (a fixed wait instead lost
  // the keydown on a loaded machine).
  await page.keyboard.press('Enter');
  return page.evaluate(() => (window as unknown as Watch).__ccrWatch as Promise<Flood>);
}

/** Keydown to the typed character drawn, one at a time. */
async function echo(page: Page, n: number): Promise<number[]> {
  const samples: number[] = [];
  let typed = '';
  const letters = 'qzxjkvbwpy';
  for (let i = 0; i < n; i++) {
    typed += letters[i % letters.length];
    await page.evaluate((want) => {
      (window as unknown as Watch).__ccrWatch = new Promise<number>((resolve, reject) => {
        const rows = document.querySelector('.terminal-view .xterm-rows')!;
        let t0 = 0;
        const onKey = () => {
          t0 = performance.now();
          document.removeEventListener('keydown', onKey, true);
        };
        document.addEventListener('keydown', onKey, true);
        const obs = new MutationObserver(() => {
          if (t0 && rows.textContent?.includes(want)) {
            obs.disconnect();
            resolve(performance.now() - t0);
          }
        });
        setTimeout(() => {
          obs.disconnect();
          reject(new Error(`no echo of ${want} in 10 s; the screen: ${rows.textContent}`));
        }, 10_000);
        obs.observe(rows, { childList: true, subtree: true, characterData: true });
      });
    }, `#${typed}`);
    await page.keyboard.press(typed.at(-1)!);
    samples.push(
      await page.evaluate(() => (window as unknown as Watch).__ccrWatch as Promise<number>),
    );
  }
  await page.keyboard.press('Control+U');
  return samples;
}

/** The functions with the most self time in a CPU profile, as log lines. */
function topSelfTime(
  profile: {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
    samples?: number[];
    timeDeltas?: number[];
  },
  n: number,
): string[] {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  let total = 0;
  (profile.samples ?? []).forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    const dt = (profile.timeDeltas?.[i] ?? 0) / 1000;
    total += dt;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  return [
    `profile: ${round(total)} ms sampled`,
    ...[...self.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, ms]) => `  ${round(ms)} ms  ${k}`),
  ];
}

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  tid: number;
  pid: number;
}

/** Complete events' total duration by name on the busiest thread (nested events overlap). */
function traceSummary(events: TraceEvent[], n: number): string[] {
  const perThread = new Map<string, number>();
  for (const e of events)
    if (e.ph === 'X' && e.dur)
      perThread.set(`${e.pid}/${e.tid}`, (perThread.get(`${e.pid}/${e.tid}`) ?? 0) + 1);
  const main = [...perThread.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const byName = new Map<string, number>();
  for (const e of events)
    if (e.ph === 'X' && e.dur && `${e.pid}/${e.tid}` === main)
      byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur / 1000);
  return [
    `trace: ${events.length} events, thread ${main}`,
    ...[...byName.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, ms]) => `  ${round(ms)} ms  ${k}`),
  ];
}

/**
 * CPU seconds used so far by Chromium's processes (renderer, GPU/raster, browser) and the
 * engine's daemons, from /proc: the page's main-thread profile does not show painting, which
 * runs in other threads and processes and competes with the pipe for the same cores.
 */
function cpuByCommand(): Record<string, number> {
  const out: Record<string, number> = {};
  const tick = 100; // USER_HZ on Linux
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      let key = /chrom/i.test(name)
        ? 'chromium'
        : /dockerd|containerd|podman|conmon/.test(name)
          ? 'engine'
          : null;
      if (!key) continue;
      if (key === 'chromium') {
        const type = /--type=([a-z-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
        key = `chromium ${type?.[1] ?? 'browser'}`;
      }
      out[key] = (out[key] ?? 0) + (Number(f[11]) + Number(f[12])) / tick;
    } catch {
      /* the process ended */
    }
  }
  return out;
}

async function baseline(engine: Engine, id: string, user: string): Promise<number> {
  const t0 = performance.now();
  const exec = await engine.execStream(id, {
    cmd: ['cat', DATA],
    tty: true,
    stdin: true,
    cols: 120,
    rows: 40,
    user,
  });
  let bytes = 0;
  exec.stdout.on('data', (c: Buffer) => (bytes += c.length));
  await exec.wait();
  exec.close();
  if (bytes < RAW_BYTES) throw new Error(`the baseline read ${bytes} bytes only`);
  return performance.now() - t0;
}

const bench: Bench = async (ctx) => {
  const rounds = ctx.iterations ?? 2;
  const app = await openBrowserApp(ctx.engine, {
    dockerImage: IMAGE,
    dockerfile: resolve(__dirname, '../test/fixtures/tmux-image/Dockerfile'),
    network: 'none',
    agent: { command: ['sh', '-c', AGENT] },
  });
  const { page } = app;
  try {
    const engine = await connectEngineAt(ctx.engine.address, { source: 'bench' });
    await page.getByTestId('session-row').first().locator('.session-main').click();
    await page.waitForFunction(
      () => document.querySelector('.terminal-view .xterm-rows')?.textContent?.includes('READY'),
      undefined,
      { timeout: 120_000 },
    );
    const focus = () => page.locator('.terminal-view textarea').first().focus();
    const agent: Flood[] = [];
    for (let i = 0; i < rounds; i++) {
      agent.push(await flood(page, `FLOOD-${i + 1}-END`, focus));
      ctx.log(`agent round ${i + 1}: ${round(agent.at(-1)!.ms)} ms`);
    }
    // A container shell (no tmux): the same cat, typed.
    await page.getByRole('button', { name: 'New terminal' }).click();
    await page.getByRole('menuitem', { name: 'Shell in the container' }).click();
    await page.waitForFunction(
      () => /\$ *$/m.test(document.querySelector('.terminal-view .xterm-rows')?.textContent ?? ''),
      undefined,
      { timeout: 30_000 },
    );
    const shell: Flood[] = [];
    // CCR_BENCH_PROFILE=1: where the page's time goes during the first shell flood.
    const cdp = process.env.CCR_BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
    // CCR_BENCH_PROFILE=trace: a Chromium trace instead, summed by event name (what the CPU
    // profile shows as "(program)": style, layout, paint, message handling).
    const tracing = process.env.CCR_BENCH_PROFILE === 'trace';
    const traceEvents: TraceEvent[] = [];
    if (cdp && tracing) {
      cdp.on('Tracing.dataCollected', (e) =>
        traceEvents.push(...(e.value as unknown as TraceEvent[])),
      );
      await cdp.send('Tracing.start', {
        categories: 'devtools.timeline,blink,v8,disabled-by-default-devtools.timeline',
        transferMode: 'ReportEvents',
      });
    } else if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    for (let i = 0; i < rounds; i++) {
      const c0 = process.cpuUsage();
      const p0 = cpuByCommand();
      const events: number[] = [];
      const times: number[] = [];
      const t0 = performance.now();
      const off = process.env.CCR_BENCH_PROFILE
        ? app.core.bus.subscribe((name, p) => {
            if (name === 'terminalOutput') {
              events.push((p as { data: string }).data.length);
              times.push(performance.now() - t0);
            }
          })
        : () => undefined;
      // The command line shows `$((7*6))`, the output 42: only the output is the marker.
      shell.push(
        await flood(page, `SHELL-${i}-42`, async () => {
          await focus();
          await page.keyboard.type(`clear; cat ${DATA}; echo SHELL-${i}-$((7*6))`);
        }),
      );
      ctx.log(`shell round ${i + 1}: ${round(shell.at(-1)!.ms)} ms`);
      if (process.env.CCR_BENCH_PROFILE) {
        off();
        const c = process.cpuUsage(c0);
        const p1 = cpuByCommand();
        ctx.log(
          `cpu during the flood: ${Object.keys(p1)
            .map((k) => `${k} ${round((p1[k]! - (p0[k] ?? 0)) * 1000)} ms`)
            .join(', ')}`,
        );
        ctx.log(
          `app cpu ${round((c.user + c.system) / 1000)} ms over ${round(performance.now() - t0)} ms; ${events.length} batches, mean ${round(events.reduce((a, b) => a + b, 0) / events.length)} chars; first at ${round(times[0] ?? 0)} ms, last at ${round(times.at(-1) ?? 0)} ms; gaps > 50 ms: ${times.filter((t, j) => j > 0 && t - times[j - 1]! > 50).length}`,
        );
      }
      if (cdp && i === 0 && tracing) {
        const ended = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
        await cdp.send('Tracing.end');
        await ended;
        for (const line of traceSummary(traceEvents, 16)) ctx.log(line);
        await cdp.detach();
      } else if (cdp && i === 0) {
        const { profile } = await cdp.send('Profiler.stop');
        for (const line of topSelfTime(profile, 12)) ctx.log(line);
        await cdp.detach();
      }
    }
    await focus();
    await page.keyboard.type('clear; echo "#"');
    await page.keyboard.press('Enter');
    await page.keyboard.type('#');
    const echoes = summarize(await echo(page, 40));
    const base: number[] = [];
    for (let i = 0; i < rounds; i++) base.push(await baseline(engine, app.containerId, 'agent'));
    const a = summarize(agent.map((f) => f.ms));
    const s = summarize(shell.map((f) => f.ms));
    const b = summarize(base);
    return {
      data_bytes: Math.ceil(RAW_BYTES / 3) * 4 + Math.ceil(((RAW_BYTES / 3) * 4) / 120),
      rounds_count: rounds,
      agent_ms: round(a.p50),
      shell_ms: round(s.p50),
      baseline_ms: round(b.p50),
      agent_max_frame_ms: round(Math.max(...agent.map((f) => f.maxFrameMs))),
      shell_max_frame_ms: round(Math.max(...shell.map((f) => f.maxFrameMs))),
      agent_long_tasks_count: Math.max(...agent.map((f) => f.longTasks)),
      longest_task_ms: round(Math.max(...[...agent, ...shell].map((f) => f.longestTaskMs))),
      echo_p50_ms: round(echoes.p50),
      echo_p95_ms: round(echoes.p95),
      shell_ratio_pct: round((100 * b.p50) / s.p50, 1),
      ratio: round(b.p50 / a.p50, 3),
    };
  } finally {
    await app.close();
  }
};

export default bench;
