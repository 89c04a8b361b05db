/**
 * `claude-run start --no-web` in a real terminal (tmux): the CLI, run from source as a user
 * would type it, starts a session on a real engine, shows the start-up progress, then the
 * scripted agent's terminal; typed text reaches the agent, Ctrl-P Ctrl-Q detaches and gives
 * the shell back with the terminal restored, and the container keeps running. Then `attach
 * --no-web` from a new process opens a shell in the same container, sized to the pane.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LABELS } from '../../src/main/engine/labels';
import { TEST_BASE_IMAGE, describeEachEngine } from '../helpers/engines';
import { type CliFixture, cliFixture } from './cli-fixture';

const ROOT = resolve(__dirname, '../..');
const CLI = `node ${join(ROOT, 'node_modules/tsx/dist/cli.mjs')} ${join(ROOT, 'src/cli/index.ts')}`;

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
    f = await cliFixture(te);
    writeFileSync(
      join(f.repo, 'claude-run.config.json'),
      JSON.stringify({
        dockerImage: TEST_BASE_IMAGE,
        buildImage: false,
        network: 'none',
        containerPrefix: `ccr-it-cli-${f.scope}`,
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
      CCR_SCOPE_LABEL: '',
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
    'shows progress, then the agent; input reaches it; Ctrl-P Ctrl-Q detaches',
    { timeout: 300_000 },
    async () => {
      tmux('send-keys', '-t', pane, `${CLI} start --no-web --name tty-${f.scope}`, 'Enter');
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
      expect(tmux('display', '-p', '-t', pane, '#{alternate_on} #{cursor_flag}').trim()).toBe(
        '0 1',
      );
      tmux('send-keys', '-t', pane, 'echo "cli exit=$?"', 'Enter');
      await waitFor(/^cli exit=0$/m);

      const containers = await sessionContainers();
      expect(containers).toHaveLength(1);
      expect(containers[0]!.status).toBe('running');
      expect(containers[0]!.labels[LABELS.branch]).toBe(`claude/tty-${f.scope}`);
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
});
