/**
 * idle-sessions: what 20 idle sessions cost the app. The whole app as a user runs it: the core
 * (commit watchers, gateways, terminals, every background service) behind the web server, with
 * the renderer open in Chromium and one session's terminal on screen. Measured over a quiet
 * window after every session runs and has settled: CPU of this process (the app's main
 * process) and of the Chromium processes it started, and their resident memory; next to the
 * same app with no session, measured first in the same run. ratio = app CPU % / the 1 % budget.
 * (The goal: CPU < 1 %, RSS < 400 MB.)
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { SessionInfo } from '../src/shared/schemas/session';
import { openAppPage, openChromium, openWebApp } from './lib/browser-app';
import { round } from './lib/stats';
import type { Bench } from './lib/types';

const ROOT = resolve(__dirname, '..');
const FIXTURE_DOCKERFILE = join(ROOT, 'test/fixtures/session-image/Dockerfile');
const TICKS_PER_S = 100; // USER_HZ on Linux
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const local = () => ({ transport: 'local' as const, signal: new AbortController().signal });

/** Pids of every process under `root` (Chromium's browser, renderers, GPU and utility processes). */
async function descendants(root: number): Promise<number[]> {
  const parent = new Map<number, number>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => null);
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    parent.set(Number(name), Number(fields[1]));
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [pid, pp] of parent) {
      if (pp !== p) continue;
      out.push(pid);
      walk(pid);
    }
  };
  walk(root);
  return out;
}

/**
 * CPU ticks (utime+stime) and memory of the given processes. Memory is the proportional set
 * size (shared pages split among the processes sharing them): Chromium's processes share most
 * of their pages, so summing their RSS would count those many times.
 */
async function usage(pids: number[]): Promise<{ ticks: number; pss: number }> {
  let ticks = 0;
  let pss = 0;
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
    if (!stat) continue;
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(f[11]) + Number(f[12]);
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
    const kb = /^Pss:\s+(\d+) kB/m.exec(rollup);
    if (kb) pss += Number(kb[1]) * 1024;
  }
  return { ticks, pss };
}

/** CPU % (of one core) of this process and of its child processes over `seconds` of quiet. */
async function measure(seconds: number) {
  const pids = await descendants(process.pid);
  const c0 = process.cpuUsage();
  const k0 = await usage(pids);
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const wall = (performance.now() - t0) / 1000;
  const c1 = process.cpuUsage(c0);
  const k1 = await usage(pids);
  return {
    appPct: ((c1.user + c1.system) / 1e6 / wall) * 100,
    childPct: ((k1.ticks - k0.ticks) / TICKS_PER_S / wall) * 100,
    appRss: process.memoryUsage().rss,
    childRss: k1.pss,
  };
}

const bench: Bench = async (ctx) => {
  const count = ctx.iterations ?? 20;
  const quietSeconds = 30;
  const app = await openWebApp(ctx.engine, {
    dockerImage: 'ccr-test-session:latest',
    dockerfile: FIXTURE_DOCKERFILE,
    // The agent waits for input, as Claude Code does when it has nothing to do.
    agent: { command: ['sh', '-c', 'echo waiting for you; exec sleep infinity'] },
  });
  const { core, repo } = app;
  const sessions: SessionInfo[] = [];
  let browser: Awaited<ReturnType<typeof openChromium>> | null = null;
  try {
    browser = await openChromium();
    const page = await openAppPage(browser.context, app);
    await sleep(5000);
    ctx.log(`baseline: ${quietSeconds} s with no session`);
    const base = await measure(quietSeconds);

    for (let i = 0; i < count; i++) {
      const s = await core.handlers.startSession({ folder: repo }, local());
      sessions.push(s as SessionInfo);
      ctx.log(`started ${i + 1}/${count}: ${s.name}`);
    }
    // One session on screen, its terminal attached: what a user has open while they wait.
    await page.getByText(sessions[0]!.name).first().click();
    await page.getByText('waiting for you').first().waitFor({ timeout: 60_000 });
    ctx.log('settling 15 s');
    await sleep(15_000);
    ctx.log(`measuring ${quietSeconds} s with ${count} idle sessions`);
    const idle = await measure(quietSeconds);
    const cpu = idle.appPct + idle.childPct;
    return {
      sessions_count: count,
      quiet_s: quietSeconds,
      baseline_app_cpu_pct: round(base.appPct, 2),
      baseline_renderer_cpu_pct: round(base.childPct, 2),
      app_cpu_pct: round(idle.appPct, 2),
      renderer_cpu_pct: round(idle.childPct, 2),
      total_cpu_pct: round(cpu, 2),
      app_rss_mb: round(idle.appRss / 2 ** 20, 1),
      renderer_pss_mb: round(idle.childRss / 2 ** 20, 1),
      baseline_app_rss_mb: round(base.appRss / 2 ** 20, 1),
      baseline_renderer_pss_mb: round(base.childRss / 2 ** 20, 1),
      ratio: round(cpu / 1, 2),
    };
  } finally {
    for (const s of sessions) {
      await core.handlers.removeSession({ id: s.id, force: true }, local()).catch(() => undefined);
    }
    await browser?.close();
    await app.close();
  }
};

export default bench;
