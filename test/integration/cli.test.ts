/**
 * The CLI's container commands against the real engines: list, logs --tail, stop, clean and
 * config, run as the CLI runs them (same function, captured streams, exit codes). Starting
 * sessions with a project config file that waits for trust: cli-trust.test.ts.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanCommand } from '../../src/cli/commands/clean';
import { configCommand } from '../../src/cli/commands/config';
import { listCommand } from '../../src/cli/commands/list';
import { logsCommand } from '../../src/cli/commands/logs';
import { stopCommand } from '../../src/cli/commands/stop';
import { describeEachEngine } from '../helpers/engines';
import { type CliFixture, cliFixture } from './cli-fixture';

const HUNDRED_LINES = 'for i in $(seq 1 100); do echo "line $i"; done; exec sleep infinity';

describeEachEngine('claude-run container commands', (te) => {
  let f: CliFixture;
  let appA: string;
  let appB: string;
  let stranger: string;

  beforeAll(async () => {
    f = await cliFixture(te);
    appA = await f.container({
      app: true,
      session: 'cli-a',
      branch: 'claude/cli-a',
      script: HUNDRED_LINES,
    });
    appB = await f.container({ app: true, session: 'cli-b', branch: 'claude/cli-b' });
    stranger = await f.container({ app: false });
  });
  afterAll(async () => {
    await f?.dispose();
  });

  const running = async (id: string) => (await f.engine.inspectContainer(id))?.running ?? null;

  it('list shows the running app containers with short id, branch and status, not others', async () => {
    const r = await f.run((ctx) => listCommand(ctx, {}));
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+BRANCH\s+STATUS\s+CREATED\s+TOKENS\s+COST\s+FOLDER$/);
    const rowA = lines.find((l) => l.startsWith(appA.slice(0, 12)));
    expect(rowA).toMatch(/claude\/cli-a\s+running\s+\d+ seconds? ago/);
    expect(lines.some((l) => l.startsWith(appB.slice(0, 12)))).toBe(true);
    expect(r.stdout).not.toContain(stranger.slice(0, 12));
    expect(lines).toHaveLength(3);
  });

  it('logs prints the last lines of a container with --tail', async () => {
    // The script prints its hundred lines at once; wait until they are all in the log.
    for (let i = 0; i < 50; i++) {
      const r = await f.run((ctx) => logsCommand(ctx, appA.slice(0, 8), { tail: '1' }));
      if (r.stdout === 'line 100\n') break;
      await new Promise((res) => setTimeout(res, 100));
    }
    const r = await f.run((ctx) => logsCommand(ctx, appA.slice(0, 8), { tail: '5' }));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(['line 96', 'line 97', 'line 98', 'line 99', 'line 100', ''].join('\n'));
    const byName = await f.run((ctx) => logsCommand(ctx, 'claude/cli-a', { tail: '2' }));
    expect(byName.stdout).toBe('line 99\nline 100\n');
  });

  it('refuses a bad --tail and an unknown id with one error line and a hint, exit 1', async () => {
    const bad = await f.run((ctx) => logsCommand(ctx, appA, { tail: 'lots' }));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: --tail wants a number of lines, not "lots"\nhint: /);
    const unknown = await f.run((ctx) => stopCommand(ctx, 'nosuchcontainer', {}));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(
      'error: no Claude Code Runner container or session matches "nosuchcontainer"\n' +
        'hint: run `claude-run list --all` to see the ids\n',
    );
  });

  it('stop without an id and without a terminal lists the candidates instead of guessing', async () => {
    const r = await f.run((ctx) => stopCommand(ctx, undefined, {}));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(appA.slice(0, 12));
    expect(r.stderr).toContain(appB.slice(0, 12));
    expect(r.stderr).toMatch(/hint: run `claude-run stop <container-id>`/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await running(appA)).toBe(true);
  });

  it('stop stops only the named app container; list --all shows it stopped', async () => {
    const r = await f.run((ctx) => stopCommand(ctx, appA.slice(0, 12), {}));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Stopped ${appA.slice(0, 12)}`);
    expect(await running(appA)).toBe(false);
    expect(await running(appB)).toBe(true);
    expect(await running(stranger)).toBe(true);
    const list = await f.run((ctx) => listCommand(ctx, {}));
    expect(list.stdout).not.toContain(appA.slice(0, 12));
    const all = await f.run((ctx) => listCommand(ctx, { all: true }));
    expect(all.stdout).toMatch(new RegExp(`${appA.slice(0, 12)}.*claude/cli-a\\s+stopped`));
  });

  it('clean removes the stopped app container and leaves running and foreign ones', async () => {
    const r = await f.run((ctx) => cleanCommand(ctx, {}));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Removed ${appA.slice(0, 12)}`);
    expect(r.stdout).toContain('branch claude/cli-a kept');
    expect(r.stderr).toContain('1 running container(s) left alone');
    expect(await running(appA)).toBeNull();
    expect(await running(appB)).toBe(true);
    expect(await running(stranger)).toBe(true);
  });

  it('clean --force removes running app containers too, never a non-app container', async () => {
    const r = await f.run((ctx) => cleanCommand(ctx, { force: true }));
    expect(r.code).toBe(0);
    expect(await running(appB)).toBeNull();
    expect(await running(stranger)).toBe(true);
    const again = await f.run((ctx) => cleanCommand(ctx, {}));
    expect(again.stderr).toBe('Nothing to clean.\n');
  });

  it('stop --all stops every running app container and nothing else', async () => {
    const c1 = await f.container({ app: true, session: 'cli-c' });
    const c2 = await f.container({ app: true, session: 'cli-d' });
    const r = await f.run((ctx) => stopCommand(ctx, undefined, { all: true }));
    expect(r.code).toBe(0);
    expect(await running(c1)).toBe(false);
    expect(await running(c2)).toBe(false);
    expect(await running(stranger)).toBe(true);
  });
});

describeEachEngine('claude-run config', (te) => {
  let f: CliFixture;
  beforeAll(async () => {
    f = await cliFixture(te);
  });
  afterAll(async () => {
    await f?.dispose();
  });

  it('shows the sources, the redacted config, the engine and the credentials report', async () => {
    // The user-level file always applies; the project file's environment waits for trust.
    const userDir = join(f.homeDir, '.config', 'claude-code-runner');
    mkdirSync(userDir, { recursive: true });
    const userFile = join(userDir, 'config.json');
    writeFileSync(
      userFile,
      JSON.stringify({
        environment: { API_TOKEN: 'canary-8c1f2e-do-not-print', NODE_ENV: 'development' },
      }),
    );
    const file = join(f.repo, 'claude-run.config.json');
    writeFileSync(
      file,
      JSON.stringify({
        environment: { REPO_TOKEN: 'canary-5a90-do-not-print' },
        setupCommands: ['make deps'],
        containerPrefix: 'cli-config-test',
      }),
    );
    const env = f.env;
    env.ANTHROPIC_API_KEY = 'sk-ant-canary-4d2b-do-not-print';
    try {
      const r = await f.run((ctx) => configCommand(ctx));
      expect(r.code).toBe(0);
      const out = r.stdout;
      expect(out).toContain(
        `Sources (lowest precedence first):\n  ${userFile}\n  ${file} (not trusted: some settings ignored)\n`,
      );
      expect(out).toContain('"API_TOKEN": "••••"');
      expect(out).toContain('"NODE_ENV": "development"');
      expect(out).toContain('"containerPrefix": "cli-config-test"');
      expect(out).not.toContain('"REPO_TOKEN"');
      expect(out).not.toContain('"make deps"');
      // What waits for trust, and how to give it: a secret-looking value only by its length.
      expect(out).toContain(
        `Ignored until you trust ${file} (it comes with the repository and these settings reach outside the sandbox):\n` +
          '  environment: sets environment variables for the agent (an API address among them could redirect your token)\n' +
          '      REPO_TOKEN=(secret, 24 characters, not shown)\n' +
          '  setupCommands: runs commands in the container next to your credentials\n' +
          '      make deps\n' +
          '  To apply them: `claude-run start --trust-project-config` trusts this file as it is now',
      );
      expect(out).toMatch(
        new RegExp(`Engine\\n  ${te.name} \\S+ \\(API [\\d.]+\\) at ${te.address}`),
      );
      expect(out).toMatch(
        /Credentials\n {2}Claude model access: anthropic; a login will be forwarded/,
      );
      expect(out).toMatch(/forwarded:\n(.*\n)*\s+Anthropic API key\n\s+env ANTHROPIC_API_KEY/);
      expect(out + r.stderr).not.toContain('canary');
    } finally {
      delete env.ANTHROPIC_API_KEY;
      rmSync(userFile);
    }
  });

  it('lists the problems of a broken config file and exits 1', async () => {
    writeFileSync(join(f.repo, 'claude-run.config.json'), '{ "autoPush": "yes" }');
    const r = await f.run((ctx) => configCommand(ctx));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /The config has problems:\n {2}\S*claude-run.config.json(:\d+)*\s*autoPush: /,
    );
    expect(r.stdout).toContain('Engine');
  });
});

describe('cli fixture scope', () => {
  it('is a label key under the app prefix, so it is never mistaken for app data', () => {
    expect('dev.claude-code-runner.test-cli').toMatch(/^dev\.claude-code-runner\./);
  });
});
