/**
 * `claude-run start --no-web` in a real terminal (tmux): the CLI, run from source as a user
 * would type it, asks whether to trust the repository's config file (answered "t"; later starts
 * do not ask), starts a session on a real engine, shows the start-up progress, then the
 * scripted agent's terminal; typed text reaches the agent, Ctrl-P Ctrl-Q detaches and gives
 * the shell back with the terminal restored, and the container keeps running. Then `attach
 * --no-web` from a new process opens a shell in the same container, sized to the pane.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { SESSION_PATH, WS_PATH, WS_PROTOCOL, WS_TOKEN_PREFIX } from '../../src/shared/ws-protocol';
import { LABELS } from '../../src/main/engine/labels';
import { TEST_BASE_IMAGE, describeEachEngine } from '../helpers/engines';
import { type CliFixture, cliFixture } from './cli-fixture';

const ROOT = resolve(__dirname, '../..');
// The built command, one process, as `npm install -g` users run it. Not tsx's runner: on a
// terminal's Ctrl-C it gives its child 30 ms to acknowledge the signal, then relays it, and
// 30 ms later SIGKILLs the child and exits 130 (a loaded CI machine: 'web exit=130').
const CLI = `node ${join(ROOT, 'bin/claude-run.js')}`;

/** Through the web mode's WebSocket, as the page does: the session's agent terminal screen. */
async function agentScreenOverWs(url: string, sessionId: string): Promise<string> {
  const u = new URL(url);
  // The printed link is single-use: trade it for a session token, as the page does.
  const exchange = await fetch(`http://${u.host}${SESSION_PATH}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: `http://${u.host}` },
    body: JSON.stringify({ link: u.hash.replace(/^#token=/, '') }),
  });
  const { token } = (await exchange.json()) as { token: string };
  const ws = new WebSocket(
    `ws://${u.host}${WS_PATH}`,
    [WS_PROTOCOL, `${WS_TOKEN_PREFIX}${token}`],
    {
      headers: { Origin: `http://${u.host}` },
    },
  );
  await new Promise((res, rej) => ws.once('open', res).once('error', rej));
  let id = 0;
  const call = <T>(method: string, params: unknown) =>
    new Promise<T>((res, rej) => {
      const my = ++id;
      const onMessage = (raw: Buffer) => {
        const frame = JSON.parse(raw.toString()) as {
          id: number;
          ok: boolean;
          result: T;
          error?: { message: string };
        };
        if (frame.id !== my) return;
        ws.off('message', onMessage);
        if (frame.ok) res(frame.result);
        else rej(new Error(frame.error?.message));
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id: my, method, params }));
    });
  try {
    const { sessions } = await call<{ sessions: { id: string }[] }>('listSessions', {});
    expect(sessions.map((s) => s.id)).toContain(sessionId);
    const { terminals } = await call<{ terminals: { id: string; role: string }[] }>(
      'listTerminals',
      { sessionId },
    );
    const agent = terminals.find((t) => t.role === 'agent');
    expect(agent).toBeDefined();
    const snap = await call<{ serialized: string }>('attachTerminal', {
      terminalId: agent!.id,
      viewerId: 'cli-test',
    });
    await call('detachTerminal', { terminalId: agent!.id, viewerId: 'cli-test' });
    return snap.serialized;
  } finally {
    ws.close();
  }
}

function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8' });
}

describeEachEngine('claude-run start --no-web in a terminal', (te) => {
  let f: CliFixture;
  const pane = `ccr-it-cli-${te.name}-${process.pid}`;
  const screen = () => tmux('capture-pane', '-p', '-t', pane);
  const history = () => tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', pane);
  async function waitFor(what: RegExp, read = screen, ms = 90_000): Promise<string> {
    const end = Date.now() + ms;
    let text = '';
    while (Date.now() < end) {
      text = read();
      if (what.test(text)) return text;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`timed out waiting for ${what} in:\n${text}`);
  }
  const sessionContainers = () => f.engine.listContainers({ [LABELS.repo]: f.repo }, { all: true });

  beforeAll(async () => {
    expect(existsSync(join(ROOT, 'out/main/cli.js')), 'run `npm run build` first').toBe(true);
    f = await cliFixture(te);
    writeFileSync(
      join(f.repo, 'claude-run.config.json'),
      JSON.stringify({
        dockerImage: TEST_BASE_IMAGE,
        buildImage: false,
        network: 'none',
        containerPrefix: 'ccr-it-cli',
        setupCommands: ['echo setup-ran-here'],
        agent: {
          command: [
            'bash',
            '-c',
            'echo "scripted agent ready"; read -r -p "say> " line; echo "agent got: $line"',
          ],
        },
      }),
    );
    const env = Object.entries({
      ...f.env,
      // Only this suite's sessions (their containers carry the repo label): never another
      // suite's containers on the shared engine, in menus or in `clean`.
      CCR_SCOPE_LABEL: `${LABELS.repo}=${f.repo}`,
      TERM: 'xterm-256color',
      PS1: 'HOST:',
    })
      .filter(([, v]) => v !== undefined && v !== '')
      .flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    tmux(
      'new-session',
      '-d',
      '-s',
      pane,
      '-x',
      '100',
      '-y',
      '30',
      ...env,
      '-c',
      f.repo,
      'bash',
      '--norc',
      '--noprofile',
    );
    tmux('set-option', '-t', pane, 'history-limit', '5000');
  });
  afterAll(async () => {
    try {
      tmux('kill-session', '-t', pane);
    } catch {
      /* already gone */
    }
    if (f) {
      for (const c of await sessionContainers()) {
        await f.engine.removeContainer(c.id, { force: true }).catch(() => undefined);
      }
      await f.dispose();
    }
  });

  it(
    'asks about the untrusted project config; trusting it shows progress, then the agent; input reaches it; Ctrl-P Ctrl-Q detaches',
    { timeout: 300_000 },
    async () => {
      tmux('send-keys', '-t', pane, `${CLI} start --no-web --name tty-${f.scope}`, 'Enter');
      // The repository's file sets the image, setup command and agent: nothing runs until the
      // user has seen them and said so.
      const question = await waitFor(
        /^Trust this file and start\? \[t\]rust \/ \[i\]gnore these settings \/ \[c\]ancel ?$/m,
        history,
      );
      const file = join(f.repo, 'claude-run.config.json');
      expect(question).toContain(
        `${file} comes with the repository and asks for settings that reach outside the sandbox:`,
      );
      expect(question).toMatch(
        /^ {2}setupCommands: runs commands in the container .*\n {6}echo setup-ran-here$/m,
      );
      expect(question).toMatch(
        /^ {2}dockerImage: runs the session in another image.*\n {6}ccr-test-base:bookworm$/m,
      );
      // A long value is shown whole (the pane wraps it; -J joins it back).
      expect(question).toMatch(
        /^ {2}agent: replaces the agent command.*\n {6}command: bash -c 'echo "scripted agent ready"; read -r -p "say> " line; echo "agent got: \$line"'$/m,
      );
      expect(question).not.toMatch(/\[setup\]|\[container\]/);
      expect(await sessionContainers()).toHaveLength(0);
      tmux('send-keys', '-t', pane, 't', 'Enter');
      await waitFor(/say>$/m); // capture-pane trims trailing spaces
      const before = history();
      expect(before).toContain('[setup] running setup command 1 of 1');
      expect(before).toContain('setup-ran-here');
      expect(before).toMatch(/Attached to claude-tty-\S+ \(agent\)\. Detach with Ctrl-P Ctrl-Q\./);
      expect(screen()).toMatch(/^scripted agent ready\nsay>$/m);

      tmux('send-keys', '-t', pane, 'hello from tmux', 'Enter');
      await waitFor(/agent got: hello from tmux/);
      // The agent is done; agent-run leaves a shell in the same terminal.
      await waitFor(/this terminal is now a shell/);
      tmux('send-keys', '-t', pane, 'stty size; echo in=$PWD', 'Enter');
      await waitFor(/^30 100\nin=\/workspace$/m);

      tmux('send-keys', '-t', pane, 'C-p', 'C-q');
      const after = await waitFor(/Detached from claude-tty-[\s\S]*^HOST:$/m, history);
      expect(after).toMatch(/The container keeps running: `claude-run attach [0-9a-f]{12}`/);
      // The agent had exited before the detach: nothing may claim it still runs.
      expect(after).toContain(
        'The agent had exited: its terminal is a shell in the container now.',
      );
      expect(after).not.toContain('The agent keeps running');
      expect(tmux('display', '-p', '-t', pane, '#{alternate_on} #{cursor_flag}').trim()).toBe(
        '0 1',
      );
      tmux('send-keys', '-t', pane, 'echo "cli exit=$?"', 'Enter');
      await waitFor(/^cli exit=0$/m);

      const containers = await sessionContainers();
      expect(containers).toHaveLength(1);
      expect(containers[0]!.status).toBe('running');
      expect(containers[0]!.labels[LABELS.branch]).toBe(`claude/tty-${f.scope}`);
      expect(history()).toContain(
        'Trusting ' + join(f.repo, 'claude-run.config.json') + ' as shown',
      );
    },
  );

  it(
    'attach --no-web from a new process opens a shell in the container at the pane size',
    { timeout: 200_000 },
    async () => {
      const [c] = await sessionContainers();
      tmux('send-keys', '-t', pane, 'clear', 'Enter');
      tmux('send-keys', '-t', pane, `${CLI} attach --no-web ${c!.id.slice(0, 12)}`, 'Enter');
      await waitFor(/^root@[0-9a-f]+:\/workspace#$/m);
      tmux(
        'send-keys',
        '-t',
        pane,
        'stty size; cat /workspace/claude-run.config.json | head -c 20; echo',
        'Enter',
      );
      await waitFor(/^30 100$/m);
      tmux('send-keys', '-t', pane, 'C-p', 'C-q');
      await waitFor(/Detached from claude-tty-/);
      const hist = history();
      expect(hist).toContain('this is a new shell in its container');
    },
  );

  it(
    'list shows the session; stop without an id offers a menu and stops the choice',
    { timeout: 200_000 },
    async () => {
      const [c] = await sessionContainers();
      const short = c!.id.slice(0, 12);
      tmux('send-keys', '-t', pane, 'clear', 'Enter');
      tmux('send-keys', '-t', pane, `${CLI} list`, 'Enter');
      await waitFor(
        new RegExp(`^${short}\\s+ccr-it-cli-\\S+\\s+claude/tty-\\S+\\s+running\\s+`, 'm'),
        history,
      );
      tmux('send-keys', '-t', pane, 'clear', 'Enter');
      tmux('send-keys', '-t', pane, `${CLI} stop`, 'Enter');
      await waitFor(/Which one to stop\? \[1-1, q to cancel\]$/m);
      expect(history()).toMatch(
        new RegExp(`^ +1\\) +${short} +ccr-it-cli-\\S+ +claude/tty-\\S+ +running$`, 'm'),
      );
      tmux('send-keys', '-t', pane, '1', 'Enter');
      await waitFor(new RegExp(`^Stopped ${short} `, 'm'), history);
      await waitFor(/^HOST:$/m);
      expect((await f.engine.inspectContainer(c!.id))?.running).toBe(false);
      tmux('send-keys', '-t', pane, 'clear', 'Enter');
      tmux('send-keys', '-t', pane, `${CLI} ls -a; echo "ls exit=$?"`, 'Enter');
      await waitFor(
        new RegExp(`^${short}\\s+\\S+\\s+claude/tty-\\S+\\s+stopped\\s+`, 'm'),
        history,
      );
      await waitFor(/^ls exit=0$/m);
    },
  );

  it('clean removes the stopped session and its record', { timeout: 200_000 }, async () => {
    tmux('send-keys', '-t', pane, 'clear', 'Enter');
    tmux('send-keys', '-t', pane, `${CLI} clean; echo "clean exit=$?"`, 'Enter');
    await waitFor(/^clean exit=0$/m);
    expect(history()).toMatch(/^Removed [0-9a-f]{12} +\S+ +\(branch claude\/tty-\S+ kept\)$/m);
    expect(await sessionContainers()).toHaveLength(0);
    tmux('send-keys', '-t', pane, 'clear', 'Enter');
    tmux('send-keys', '-t', pane, `${CLI} ls -a`, 'Enter');
    await waitFor(/^No Claude Code Runner containers\./m, history);
  });

  it(
    'start with the web UI prints the link, serves the UI, and Ctrl-C leaves the container running',
    { timeout: 200_000 },
    async () => {
      expect(existsSync(join(ROOT, 'out/renderer/index.html')), 'run `npm run build` first').toBe(
        true,
      );
      tmux('send-keys', '-t', pane, 'clear', 'Enter');
      tmux('clear-history', '-t', pane);
      tmux('send-keys', '-t', pane, `CCR_NO_OPEN=1 ${CLI} start --branch web-${f.scope}`, 'Enter');
      const text = await waitFor(/Press Ctrl-C to stop the web UI/, history);
      // Trusted in the first test, for this very content: not asked again.
      expect(text).not.toContain('Trust this file');
      const url = /^Web UI: (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64})$/m.exec(text)?.[1];
      expect(url).toBeDefined();
      expect(text).toMatch(new RegExp(`^Session [0-9a-f]+ is running: branch web-${f.scope}`, 'm'));
      const page = await fetch(url!.split('#')[0]!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      // What the browser will see over the API: this session, and its agent's screen.
      const sessionId = /^Session ([0-9a-f]+) is running/m.exec(text)![1]!;
      const screenText = await agentScreenOverWs(url!, sessionId);
      expect(screenText).toContain('scripted agent ready');
      tmux('send-keys', '-t', pane, 'C-c');
      await waitFor(/Stopping the web UI; the containers keep running/, history);
      tmux('send-keys', '-t', pane, 'echo "web exit=$?"', 'Enter');
      await waitFor(/^web exit=0$/m);
      const after = await sessionContainers();
      expect(after.map((c) => [c.labels[LABELS.branch], c.status])).toEqual([
        [`web-${f.scope}`, 'running'],
      ]);
    },
  );
});
