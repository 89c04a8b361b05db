/**
 * `claude-run start` and a repository's own claude-run.config.json, on the real engines: the
 * file's settings that reach outside the sandbox (here its agent, setup command and
 * environment) are refused without a decision, left out with --ignore-project-config, applied
 * with --trust-project-config (after listing them), and a changed file is refused again. The
 * image, network and a harmless agent come from the user-level config, which always applies.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { configCommand } from '../../src/cli/commands/config';
import { startCommand, type StartOptions } from '../../src/cli/commands/start';
import { LABELS } from '../../src/main/engine/labels';
import { TEST_BASE_IMAGE, describeEachEngine } from '../helpers/engines';
import { type CliFixture, type CliResult, cliFixture } from './cli-fixture';

const agent = (who: string) => ({
  command: ['bash', '-c', `echo agent=${who} > /tmp/agent-was; exec sleep infinity`],
});

describeEachEngine('claude-run start and the project config file', (te) => {
  let f: CliFixture;
  let file: string;
  const sessionContainers = () => f.engine.listContainers({ [LABELS.repo]: f.repo }, { all: true });
  const writeProjectConfig = (setup: string) =>
    writeFileSync(
      file,
      JSON.stringify({
        containerPrefix: 'ccr-it-trust',
        setupCommands: [setup],
        agent: agent('project'),
        environment: { PROJECT_SECRET: 'canary-77e1-do-not-print' },
      }),
    );

  beforeAll(async () => {
    f = await cliFixture(te);
    const userDir = join(f.homeDir, '.config', 'claude-code-runner');
    mkdirSync(userDir, { recursive: true });
    writeFileSync(
      join(userDir, 'config.json'),
      JSON.stringify({
        dockerImage: TEST_BASE_IMAGE,
        buildImage: false,
        network: 'none',
        agent: agent('user'),
      }),
    );
    file = join(f.repo, 'claude-run.config.json');
    writeProjectConfig('echo project-setup-ran');
  });
  afterAll(async () => {
    if (!f) return;
    for (const c of await sessionContainers()) {
      await f.engine.removeContainer(c.id, { force: true }).catch(() => undefined);
    }
    await f.dispose();
  });

  /**
   * `start --no-web` with stdin held open until the session's agent has written which agent it
   * is (then stdin ends, which detaches): that answer, and what the CLI printed.
   */
  async function startAndReadAgent(opts: StartOptions): Promise<CliResult & { agent: string }> {
    const stdin = new PassThrough();
    const running = f.run((ctx) => startCommand(ctx, { web: false, ...opts }), stdin);
    let who = '';
    const end = Date.now() + 120_000;
    while (!who && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 300));
      const [c] = await f.engine.listContainers({ [LABELS.branch]: `claude/${opts.name!}` }, {});
      if (!c) continue;
      const r = await f.engine.exec(c.id, { cmd: ['cat', '/tmp/agent-was'] }).catch(() => null);
      if (r?.exitCode === 0) who = r.stdout.toString('utf8').trim();
    }
    stdin.end();
    return { ...(await running), agent: who };
  }

  it(
    'without a flag and without a terminal: refuses, lists the file, its settings and both flags; starts nothing',
    { timeout: 60_000 },
    async () => {
      const r = await f.run((ctx) => startCommand(ctx, { web: false }));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `error: ${file} comes with the repository and asks for settings that reach outside the sandbox: `,
      );
      expect(r.stderr).toMatch(
        /^ {2}setupCommands: runs commands in the container next to your credentials\n {6}echo project-setup-ran$/m,
      );
      expect(r.stderr).toMatch(
        /^ {2}agent: replaces the agent command.*\n {6}command: bash -c 'echo agent=project > \/tmp\/agent-was; exec sleep infinity'$/m,
      );
      // A secret-looking name's value is shown only by its length.
      expect(r.stderr).toMatch(
        /^ {2}environment: .*\n {6}PROJECT_SECRET=\(secret, 24 characters, not shown\)$/m,
      );
      expect(r.stderr).toMatch(
        /\nhint: review the settings above, then run again with --trust-project-config .* or with --ignore-project-config /,
      );
      expect(r.stderr + r.stdout).not.toContain('canary');
      expect(await sessionContainers()).toHaveLength(0);
      const sessions = await f.run(async (ctx) => {
        ctx.print(`${(await (await ctx.getApi()).listSessions({})).sessions.length}`);
        return 0;
      });
      expect(sessions.stdout).toBe('0');
    },
  );

  it(
    'on a terminal: asks, and an empty answer or end of input cancels',
    { timeout: 60_000 },
    async () => {
      for (const answer of ['\n', '']) {
        const r = await f.run((ctx) => startCommand(ctx, { web: false }), answer, { tty: true });
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(
          /^ {2}setupCommands: runs commands in the container next to your credentials\n {6}echo project-setup-ran\n/m,
        );
        expect(r.stderr).toContain(
          'Trust this file and start? [t]rust / [i]gnore these settings / [c]ancel ',
        );
        expect(r.stderr).toMatch(/error: nothing started\nhint: .*--trust-project-config/);
      }
      expect(await sessionContainers()).toHaveLength(0);
    },
  );

  it('refuses both flags together before doing anything', async () => {
    const r = await f.run((ctx) =>
      startCommand(ctx, { trustProjectConfig: true, ignoreProjectConfig: true }),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: give either --trust-project-config or --ignore-project-config, not both\nhint: /,
    );
    expect(r.stderr).not.toContain('Starting a session');
  });

  it(
    '--ignore-project-config: starts without them (the user config’s agent runs, no setup command); safe settings still apply',
    { timeout: 180_000 },
    async () => {
      const r = await startAndReadAgent({ name: `ignore-${f.scope}`, ignoreProjectConfig: true });
      expect(r.code).toBe(0);
      expect(r.agent).toBe('agent=user');
      expect(r.stderr).toContain(
        `Starting without the settings of ${file} that need trust: environment, setupCommands, agent.\n`,
      );
      expect(r.stderr).not.toContain('$ echo project-setup-ran');
      expect(r.stderr).not.toContain('Trust this file');
      expect(r.stdout).toMatch(/container ccr-it-trust-claude-ignore-/);
      // Nothing was trusted: the next start without a flag is refused again.
      const again = await f.run((ctx) => startCommand(ctx, { web: false }));
      expect(again.stderr).toMatch(/^error: .* comes with the repository/m);
    },
  );

  it(
    '--trust-project-config: lists what it trusts, starts with the file’s agent and setup; `config` then shows them applied; a changed file is refused again',
    { timeout: 180_000 },
    async () => {
      const before = await f.run((ctx) => configCommand(ctx));
      expect(before.stdout).toContain(`Ignored until you trust ${file}`);

      const r = await startAndReadAgent({ name: `trust-${f.scope}`, trustProjectConfig: true });
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(
        new RegExp(
          `Trusting ${file} as it is now, with these settings:\\n(  .*\\n)*  setupCommands: .*\\n {6}echo project-setup-ran\\n`,
        ),
      );
      expect(r.stderr).toContain('project-setup-ran\n'); // the setup command's own output
      expect(r.agent).toBe('agent=project');
      expect(r.stderr + r.stdout).not.toContain('canary');

      const after = await f.run((ctx) => configCommand(ctx));
      expect(after.stdout).not.toContain('Ignored until you trust');
      expect(after.stdout).toContain('"PROJECT_SECRET": "••••"');

      writeProjectConfig('echo changed-setup');
      const changed = await f.run((ctx) => startCommand(ctx, { web: false }));
      expect(changed.code).toBe(1);
      expect(changed.stderr).toMatch(/^ {2}setupCommands: .*\n {6}echo changed-setup$/m);
      expect((await sessionContainers()).map((c) => c.labels[LABELS.branch]).sort()).toEqual([
        `claude/ignore-${f.scope}`,
        `claude/trust-${f.scope}`,
      ]);
    },
  );
});
