import { afterAll, beforeAll, expect, it } from 'vitest';
import { agentRun } from '../../src/main/kit/agent-run';
import { claudeSettingsHooks, attentionHook } from '../../src/main/kit/attention-hook';
import { describeEachEngine } from '../helpers/engines';
import { ViewerScreen } from '../helpers/screen-compare';
import { terminalFixture, type TerminalFixture } from './terminals-fixture';

describeEachEngine('container terminals', (te) => {
  let f: TerminalFixture;
  beforeAll(async () => {
    f = await terminalFixture(te, 'terminals', { quietMs: 1500 });
  });
  afterAll(async () => f?.dispose());

  const open = async (cols = 90, rows = 20) => {
    const info = await f.service.open({ sessionId: f.session.id, kind: 'container', cols, rows });
    await f.service.attach(info.id, 'v1');
    return info.id;
  };

  /** A viewer attached from the start; call the returned function for its view and a late one's. */
  const stayingViewer = async (id: string) => {
    const snap0 = await f.service.attach(id, 'stay');
    const stay = new ViewerScreen(snap0.cols, snap0.rows);
    await stay.write(snap0.serialized);
    return async () => {
      const snap = await f.service.attach(id, 'late');
      const late = new ViewerScreen(snap.cols, snap.rows);
      await late.write(snap.serialized);
      for (const o of f.rec.of('terminalOutput').filter((o) => o.terminalId === id)) {
        if (o.seq > snap0.seq) await stay.write(o.data);
        if (o.seq > snap.seq) await late.write(o.data);
      }
      return { stayed: await stay.view(), late: await late.view() };
    };
  };

  it('resizes reach the process, unicode and wide characters survive, the exit code is reported', async () => {
    const id = await open(90, 20);
    f.service.write(id, 'stty size\r');
    await f.rec.until(() => f.rec.output(id).includes('20 90'), 'initial stty size');
    await f.service.resize(id, 123, 45, 'v1');
    f.service.write(id, 'stty size\r');
    await f.rec.until(() => f.rec.output(id).includes('45 123'), 'stty size after resize');

    f.service.write(id, "printf '%s\\n' 'wide: 世界 emoji: 🎉 accents: é ü'\r");
    await f.rec.until(
      () => f.rec.output(id).includes('wide: 世界 emoji: 🎉 accents: é ü\r\n'),
      'unicode echo',
    );
    const snap = await f.service.attach(id, 'v2');
    const view = new ViewerScreen(snap.cols, snap.rows);
    await view.write(snap.serialized);
    expect((await view.view()).lines.join('\n')).toContain('wide: 世界 emoji: 🎉 accents: é ü');

    f.service.write(id, 'exit 7\r');
    await f.rec.until(() => f.rec.of('terminalExit').some((e) => e.terminalId === id), 'exit');
    expect(f.rec.of('terminalExit').find((e) => e.terminalId === id)?.exitCode).toBe(7);
    f.service.close(id);
  });

  it("reports a terminal whose command cannot start as exited, with the engine's message shown", async () => {
    // A missing working directory: Docker prints its error and may keep the connection open.
    const spec = { cmd: ['bash'], user: '', workdir: '/no/such/dir' as '/workspace', env: {} };
    await f.service.launch(f.session, spec);
    const agent = f.service.list(f.session.id).find((t) => t.role === 'agent')!;
    await f.service.attach(agent.id, 'v1');
    await f.rec.until(
      () => f.rec.of('terminalExit').some((e) => e.terminalId === agent.id),
      'exit of the broken agent',
    );
    expect(f.rec.of('terminalExit').find((e) => e.terminalId === agent.id)!.exitCode).not.toBe(0);
    const snap = await f.service.attach(agent.id, 'v2');
    expect(snap.serialized + f.rec.output(agent.id)).toMatch(
      /no such file or directory|not found|does not exist/i,
    );
    f.service.close(agent.id);
  });

  it('a viewer that reconnects sees exactly the screen of one that stayed, full-screen program included', async () => {
    const id = await open(80, 24);
    const views = await stayingViewer(id);
    // Lines with colors, then a "full-screen program": alternate screen, clear, colored boxes,
    // a cursor left somewhere in the middle, the title set by OSC.
    f.service.write(
      id,
      "for i in $(seq 1 60); do printf '\\033[3%dmline %d 世界\\033[0m\\n' $((i % 8)) $i; done\r",
    );
    await f.rec.until(() => f.rec.output(id).includes('line 60'), 'the lines');
    const draw =
      "printf '\\033]0;fake top\\007\\033[?1049h\\033[2J\\033[H\\033[1;44m PID USER  %%CPU \\033[0m'; " +
      "for r in 3 4 5 6; do printf '\\033[%d;5H\\033[4%dm  %s  \\033[0m' $r $r row$r; done; " +
      "printf '\\033[10;20HTOP-DONE'; sleep 20\r";
    f.service.write(id, draw);
    await f.rec.until(() => f.rec.output(id).includes('TOP-DONE'), 'the full-screen draw');
    await new Promise((r) => setTimeout(r, 100));

    const { stayed, late } = await views();
    expect(stayed.type).toBe('alternate');
    expect(stayed.lines.join('\n')).toContain('TOP-DONE');
    expect(late).toEqual(stayed);
    f.service.write(id, '\x03');
    f.service.close(id);
  });

  it('after a flood of colored lines, a viewer that reconnects sees exactly what one that stayed sees', async () => {
    const id = await open(100, 30);
    const views = await stayingViewer(id);
    // ~300,000 lines (about 9 MB): far more than the 10,000 lines of scrollback.
    f.service.write(
      id,
      String.raw`awk 'BEGIN { for (i = 1; i <= 300000; i++) printf "\033[3%dm%d\033[0m colored line\n", i % 8, i }'; echo FLOOD-$((6*7))-END` +
        '\r',
    );
    await f.rec.until(() => f.rec.output(id).includes('FLOOD-42-END'), 'the flood', 120_000);
    const { stayed, late } = await views();
    expect(stayed.lines.join('\n')).toContain('300000');
    expect(late).toEqual(stayed);
    // The screen model skipped part of the flood rather than parsing every line of it (how much
    // depends on how fast the output came: the unit tests measure that deterministically).
    const live = (
      f.service as unknown as { terminals: Map<string, { screen: { skipped?: number } }> }
    ).terminals.get(id)!;
    expect(live.screen.skipped).toBeGreaterThan(0);
    f.service.close(id);
  });

  it('paste in bracketed-paste mode reaches the program unchanged', async () => {
    const id = await open();
    // 23 bytes: ESC [ 2 0 0 ~, "pasted<TAB>text", ESC [ 2 0 1 ~
    f.service.write(id, 'stty raw -echo; head -c 23 | od -An -c; stty sane\r');
    await new Promise((r) => setTimeout(r, 500));
    f.service.write(id, '\x1b[200~pasted\ttext\x1b[201~');
    const od = () => f.rec.output(id).replace(/\s+/g, '');
    await f.rec.until(() => od().includes('201~'), 'od output');
    expect(od()).toContain('033[200~pasted\\ttext033[201~');
    f.service.close(id);
  });

  it('launches a Claude-like agent whose hooks report attention through the kit script', async () => {
    await f.putFile(attentionHook.path, attentionHook.content, attentionHook.mode);
    const hook = claudeSettingsHooks();
    const cmdOf = (e: string, i = 0) => hook[e]![i]!.hooks[0]!.command;
    // A stand-in "claude" that runs the hook commands the way Claude Code would (JSON on stdin).
    const fake = `#!/bin/sh
echo '{"hook_event_name":"SessionStart"}' | ${cmdOf('SessionStart')}
echo working; sleep 1
echo '{}' | ${cmdOf('Notification', 1)}
read answer
echo '{}' | ${cmdOf('Stop')}
echo "got $answer"; sleep 30
`;
    await f.putFile('/usr/local/bin/claude', fake, 0o755);
    const before = f.rec.of('sessionAttention').length;
    await f.putFile(agentRun.path, agentRun.content, agentRun.mode);
    // The shape sessions launch: the kit's wrapper, then the agent.
    await f.service.launch(f.session, {
      cmd: [agentRun.path, 'claude', '--dangerously-skip-permissions'],
      user: '',
      workdir: '/workspace',
      env: {},
    });
    const agent = f.service.list(f.session.id).find((t) => t.role === 'agent')!;
    expect(agent).toMatchObject({ kind: 'container', status: 'running' });
    const states = () =>
      f.rec
        .of('sessionAttention')
        .slice(before)
        .map((a) => `${a.state}:${a.reason}`);
    await f.rec.until(() => states().includes('waiting:permission'), 'permission prompt', 20_000);
    f.service.write(agent.id, 'yes\r');
    await f.rec.until(() => states().includes('finished:stop'), 'stop hook', 20_000);
    expect(states()).toEqual([
      'working:session-start',
      'waiting:permission',
      'working:input',
      'finished:stop',
    ]);
    f.service.close(agent.id);
  });

  it('judges another agent by BEL and quiet periods', async () => {
    const before = f.rec.of('sessionAttention').length;
    await f.service.launch(f.session, {
      cmd: [
        'bash',
        '-c',
        'echo busy; sleep 3; printf "question?\\a"; read x; echo "ok $x"; sleep 30',
      ],
      user: '',
      workdir: '/workspace',
      env: {},
    });
    const agent = f.service.list(f.session.id).find((t) => t.role === 'agent')!;
    const states = () =>
      f.rec
        .of('sessionAttention')
        .slice(before)
        .map((a) => `${a.state}:${a.reason}`);
    await f.rec.until(() => states().includes('waiting:bell'), 'bell', 20_000);
    expect(states()).toEqual(['working:session-start', 'waiting:quiet', 'waiting:bell']);
    f.service.write(agent.id, 'y\r');
    await f.rec.until(() => states().at(-1) === 'waiting:quiet', 'quiet after answer', 20_000);
    expect(states()).toContain('working:input');
    f.service.close(agent.id);
  });
});
