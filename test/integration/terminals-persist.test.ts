/**
 * The agent outlives the app: launched inside tmux (when the image has it), a second
 * TerminalService (a new app process) attaches to the same agent process and shows its screen.
 * Without tmux the agent is a plain TTY exec as before, and nothing is re-attached.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectEngineAt } from '../../src/main/engine';
import type { Engine } from '../../src/main/engine/types';
import { terminalHandlers } from '../../src/main/terminals/handlers';
import { TerminalService } from '../../src/main/terminals/service';
import type { AgentSpec } from '../../src/main/sessions/agent-launcher';
import { describeEachEngine, TEST_BASE_IMAGE } from '../helpers/engines';
import { makeFixtureRepo, type FixtureRepo } from '../helpers/fixture-repo';
import { makeHarness, type Harness } from '../helpers/session-harness';
import { Recorder } from '../helpers/event-recorder';
import { ViewerScreen } from '../helpers/screen-compare';
import {
  screenText,
  tmuxContainer as container,
  tmuxImage,
  tmuxService as service,
  TMUX_FIXTURE as FIXTURE,
} from './tmux-fixture';

/** The process exists and is not a zombie (the test container's PID 1 reaps nothing). */
const ALIVE = 'kill -0 "$1" && ! grep -q "^State:.*Z" "/proc/$1/status"';

// Prints its arguments (one ends in ";", which tmux's own parser would treat as a separator),
// its pid and a marker, then echoes one line of input and waits.
const AGENT: AgentSpec = {
  cmd: [
    'sh',
    '-c',
    'printf "args:"; printf "[%s]" "$@"; echo; echo "PERSIST-MARKER pid=$$"; read l; echo "GOT:$l"; exec sleep 600',
    'agent',
    'fix it;',
    'a b',
    '$(id) "q" \\x',
    '',
  ],
  user: '',
  workdir: '/workspace',
  env: { CCR_TEST_VAR: 'v1' },
};

describeEachEngine('agent survives an app restart (tmux)', (te) => {
  let engine: Engine;
  let image: string | null = null;
  let reason = '';
  const made: string[] = [];
  const services: TerminalService[] = [];
  beforeAll(async () => {
    engine = await connectEngineAt(te.address, { source: 'test' });
    ({ image, reason } = await tmuxImage(engine));
  }, 300_000);
  afterAll(async () => {
    for (const s of services) s.dispose();
    for (const id of made) await engine.removeContainer(id, { force: true }).catch(() => undefined);
  });

  it('a new TerminalService attaches to the same agent process and shows its screen', async (ctx) => {
    if (!image) {
      if (process.env.CI) throw new Error(reason);
      ctx.skip(reason);
      return;
    }
    const session = await container(te, engine, image, 'persist');
    made.push(session.containerId!);
    const a = service(engine, session);
    services.push(a.svc);
    await a.svc.launch(session, AGENT);
    const agentA = a.svc.list(session.id).find((t) => t.role === 'agent')!;
    await a.svc.attach(agentA.id, 'v1');
    await a.rec.until(() => /PERSIST-MARKER pid=\d+/.test(a.rec.output(agentA.id)), 'marker');
    expect(a.rec.output(agentA.id)).toContain('args:[fix it;][a b][$(id) "q" \\x][]');
    const pid = /PERSIST-MARKER pid=(\d+)/.exec(a.rec.output(agentA.id))![1]!;

    // The app quits: its terminals go, the agent stays.
    a.svc.dispose();
    const b = service(engine, session);
    services.push(b.svc);
    expect(await b.svc.resume(session)).toBe(true);
    const agentB = b.svc.list(session.id).find((t) => t.role === 'agent')!;
    expect(agentB).toBeDefined();
    // tmux redraws the whole screen on attach.
    await b.svc.attach(agentB.id, 'v1');
    await b.rec.until(() => b.rec.output(agentB.id).includes('PERSIST-MARKER'), 'redraw');
    const text = await screenText(b.svc, agentB.id, 'v2');
    expect(text).toContain(`PERSIST-MARKER pid=${pid}`);
    expect(text).toContain('args:[fix it;][a b][$(id) "q" \\x][]');

    // The same process, alive and answering keystrokes through the new terminal.
    b.svc.write(agentB.id, 'hello\r');
    await b.rec.until(() => b.rec.output(agentB.id).includes('GOT:hello'), 'input reaches it');
    const ps = await engine.exec(session.containerId!, {
      cmd: [
        'sh',
        '-c',
        'tr "\\0" " " < /proc/$1/cmdline; echo; tr "\\0" "\\n" < /proc/$1/environ | grep CCR_TEST_VAR',
        'sh',
        pid,
      ],
    });
    expect(ps.exitCode).toBe(0);
    expect(ps.stdout.toString()).toMatch(/^sleep 600/);
    expect(ps.stdout.toString()).toContain('CCR_TEST_VAR=v1');
    // A second resume in the same process is a no-op (still the one terminal).
    expect(await b.svc.resume(session)).toBe(true);
    expect(b.svc.list(session.id).filter((t) => t.role === 'agent')).toHaveLength(1);

    // Closing the agent's terminal ends the agent, as before.
    b.svc.close(agentB.id);
    const deadline = Date.now() + 10_000;
    let alive = true;
    while (alive && Date.now() < deadline) {
      const r = await engine.exec(session.containerId!, {
        cmd: ['sh', '-c', ALIVE, 'sh', pid],
      });
      alive = r.exitCode === 0;
      if (alive) await new Promise((r) => setTimeout(r, 200));
    }
    expect(alive).toBe(false);
  }, 120_000);

  it("the agent terminal's exit code is the agent's, not the tmux client's", async (ctx) => {
    if (!image) {
      if (process.env.CI) throw new Error(reason);
      ctx.skip(reason);
      return;
    }
    const session = await container(te, engine, image, 'persist-exit');
    made.push(session.containerId!);
    const a = service(engine, session);
    services.push(a.svc);
    const spec = { ...AGENT, cmd: ['sh', '-c', 'read l; echo "BYE $l"; exit 3'] };
    await a.svc.launch(session, spec);
    const agent = a.svc.list(session.id).find((t) => t.role === 'agent')!;
    await a.svc.attach(agent.id, 'v1');
    a.svc.write(agent.id, 'now\r');
    await a.rec.until(
      () => a.rec.of('terminalExit').some((e) => e.terminalId === agent.id),
      'the agent ends',
    );
    expect(a.rec.of('terminalExit').find((e) => e.terminalId === agent.id)!.exitCode).toBe(3);
  }, 120_000);

  it("each viewer's scrollback holds tmux's history, coloured and wrapped, also after an app restart", async (ctx) => {
    if (!image) {
      if (process.env.CI) throw new Error(reason);
      ctx.skip(reason);
      return;
    }
    const session = await container(te, engine, image, 'persist-history');
    made.push(session.containerId!);
    const a = service(engine, session);
    services.push(a.svc);
    // 300 numbered lines (line 7 red, line 8 longer than the 120 columns, so it wraps), then
    // input is echoed: more than a screenful scrolls off before any viewer looks.
    const spec = {
      ...AGENT,
      cmd: [
        'sh',
        '-c',
        'i=1; while [ $i -le 300 ]; do if [ $i = 7 ]; then printf "\\033[31mline-7 red\\033[0m\\n"; elif [ $i = 8 ]; then printf "line-8 %0200d end\\n" 0; else echo "line-$i"; fi; i=$((i+1)); done; read l; echo "GOT:$l"; exec sleep 600',
      ],
    };
    await a.svc.launch(session, spec);
    const agent = a.svc.list(session.id).find((t) => t.role === 'agent')!;
    expect(agent.scrollback).toBe('tmux');
    await a.svc.attach(agent.id, 'v1');
    await a.rec.until(() => a.rec.output(agent.id).includes('line-300'), 'the output');

    const history = async (svc: TerminalService, id: string, viewer: string) => {
      const snap = await svc.attach(id, viewer);
      const view = new ViewerScreen(snap.cols, snap.rows, snap.scrollback);
      await view.write(snap.serialized);
      const v = await view.view();
      const b = view.term.buffer.active;
      const red = b.getLine(v.lines.indexOf('line-7 red'))?.getCell(0);
      const wrapped = b.getLine(v.lines.findIndex((l) => l.startsWith('line-8 ')) + 1);
      view.dispose();
      return {
        lines: v.lines,
        type: v.type,
        redFg: red ? [red.isFgPalette(), red.getFgColor()] : null,
        wrapped: wrapped?.isWrapped ?? false,
      };
    };
    const expectAll = (h: Awaited<ReturnType<typeof history>>) => {
      const numbered = h.lines
        .filter((l) => /^line-\d+/.test(l))
        .map((l) => /^line-(\d+)/.exec(l)![1]);
      // Every line once, in order: the history, then the screen.
      expect(numbered).toEqual(Array.from({ length: 300 }, (_, i) => String(i + 1)));
      expect(h.type).toBe('normal');
      expect(h.redFg).toEqual([true, 1]);
      expect(h.wrapped).toBe(true);
    };
    await expect
      .poll(async () => (await history(a.svc, agent.id, 'v2')).lines.includes('line-1'))
      .toBe(true);
    expectAll(await history(a.svc, agent.id, 'v2'));

    // Live output scrolls into the viewer's own scrollback (the client draws in the normal
    // buffer), and typing reaches the agent.
    a.svc.write(agent.id, 'hello\r');
    await a.rec.until(() => a.rec.output(agent.id).includes('GOT:hello'), 'input');

    // A new app process: a fresh viewer still gets the whole history.
    a.svc.dispose();
    const b = service(engine, session);
    services.push(b.svc);
    expect(await b.svc.resume(session)).toBe(true);
    const agentB = b.svc.list(session.id).find((t) => t.role === 'agent')!;
    await b.svc.attach(agentB.id, 'v1');
    await b.rec.until(() => b.rec.output(agentB.id).includes('GOT:hello'), 'redraw');
    const after = await history(b.svc, agentB.id, 'v3');
    expectAll(after);
    expect(after.lines.join('\n')).toContain('GOT:hello');
  }, 120_000);

  it('after a container restart nothing survives: resume says so and launch starts anew', async (ctx) => {
    if (!image) {
      if (process.env.CI) throw new Error(reason);
      ctx.skip(reason);
      return;
    }
    const session = await container(te, engine, image, 'persist-restart');
    made.push(session.containerId!);
    const a = service(engine, session);
    services.push(a.svc);
    await a.svc.launch(session, AGENT);
    a.svc.dispose();
    await engine.stopContainer(session.containerId!, 1);
    await engine.startContainer(session.containerId!);
    const b = service(engine, session);
    services.push(b.svc);
    expect(await b.svc.resume(session)).toBe(false);
    expect(b.svc.list(session.id)).toHaveLength(0);
    await b.svc.launch(session, AGENT);
    const agent = b.svc.list(session.id).find((t) => t.role === 'agent')!;
    await b.svc.attach(agent.id, 'v1');
    await b.rec.until(() => b.rec.output(agent.id).includes('PERSIST-MARKER'), 'new agent');
  }, 120_000);

  it('without tmux in the image the agent runs as a plain exec and is not re-attached', async () => {
    const session = await container(te, engine, TEST_BASE_IMAGE, 'persist-notmux');
    made.push(session.containerId!);
    const a = service(engine, session);
    services.push(a.svc);
    await a.svc.launch(session, AGENT);
    const agent = a.svc.list(session.id).find((t) => t.role === 'agent')!;
    await a.svc.attach(agent.id, 'v1');
    await a.rec.until(() => a.rec.output(agent.id).includes('PERSIST-MARKER'), 'marker');
    expect(a.rec.output(agent.id)).toContain('args:[fix it;][a b][$(id) "q" \\x][]');
    a.svc.write(agent.id, 'hi\r');
    await a.rec.until(() => a.rec.output(agent.id).includes('GOT:hi'), 'input');
    a.svc.dispose();
    const b = service(engine, session);
    services.push(b.svc);
    expect(await b.svc.resume(session)).toBe(false);
    expect(b.svc.list(session.id)).toHaveLength(0);
  }, 60_000);
});

describeEachEngine('a new app process adopts a running session and its agent', (te) => {
  let h: Harness;
  let repo: FixtureRepo;
  const services: TerminalService[] = [];
  beforeAll(async () => {
    h = await makeHarness(te.address);
    repo = makeFixtureRepo();
  }, 120_000);
  afterAll(async () => {
    for (const s of services) s.dispose();
    await h?.cleanup();
    repo?.cleanup();
  });

  it('SessionManager reconcile re-attaches the agent terminal (same agent process)', async () => {
    const configPath = h.config({
      dockerImage: 'ccr-test-tmux-session:latest',
      dockerfile: join(FIXTURE, 'Dockerfile'),
      agent: { command: ['sh', '-c', 'echo "E2E-MARKER pid=$$"; exec sleep 600'] },
    });
    const terminals = () => {
      const rec = new Recorder();
      const svc = new TerminalService({
        bus: rec.bus,
        getSession: async () => null,
        getEngine: async () => h.engine,
      });
      services.push(svc);
      return { rec, svc };
    };
    const a = terminals();
    const m1 = h.manager({ launcher: a.svc });
    a.svc.setSessionLookup(async (id) => m1.find(id));
    await m1.init();
    const s = await m1.start({ folder: repo.dir, configPath });
    expect(s.status).toBe('running');
    const agentA = a.svc.list(s.id).find((t) => t.role === 'agent')!;
    await a.svc.attach(agentA.id, 'v1');
    await a.rec.until(() => /E2E-MARKER pid=\d+/.test(a.rec.output(agentA.id)), 'marker', 30_000);
    const pid = /E2E-MARKER pid=(\d+)/.exec(a.rec.output(agentA.id))![1]!;

    // The app quits and a new one starts over the same data dir.
    a.svc.dispose();
    const b = terminals();
    const m2 = h.manager({ launcher: b.svc });
    b.svc.setSessionLookup(async (id) => m2.find(id));
    await m2.init();
    await expect
      .poll(() => b.svc.list(s.id).filter((t) => t.role === 'agent').length, { timeout: 15_000 })
      .toBe(1);
    const agentB = b.svc.list(s.id).find((t) => t.role === 'agent')!;
    // The terminal was opened by the reconcile, before any viewer: its screen holds the redraw.
    await expect
      .poll(() => screenText(b.svc, agentB.id, 'v1'), { timeout: 15_000 })
      .toContain(`E2E-MARKER pid=${pid}`);
    const r = await h.engine.exec(s.containerId!, { cmd: ['sh', '-c', ALIVE, 'sh', pid] });
    expect(r.exitCode).toBe(0);

    // A client that asks for the terminals before any reconcile ran in its process (a second
    // `claude-run attach`) gets the agent's terminal in the answer itself, not a race.
    b.svc.dispose();
    const c = terminals();
    c.svc.setSessionLookup(async (id) => m2.find(id));
    const { terminals: listed } = await terminalHandlers(c.svc).listTerminals(
      { sessionId: s.id },
      { transport: 'local', signal: new AbortController().signal },
    );
    expect(listed.filter((t) => t.role === 'agent')).toHaveLength(1);
    await expect
      .poll(() => screenText(c.svc, listed[0]!.id, 'v1'), { timeout: 15_000 })
      .toContain(`E2E-MARKER pid=${pid}`);
  }, 240_000);
});
