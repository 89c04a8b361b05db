/**
 * A session whose setup command fails, seen from the CLI afterwards (a new process: the start's
 * events are gone): `list -a` shows it as failed, and `logs` prints what the app recorded (the
 * setup command, its output and the failure) before the container's own log.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listCommand } from '../../src/cli/commands/list';
import { logsCommand } from '../../src/cli/commands/logs';
import { startCommand } from '../../src/cli/commands/start';
import { userConfigPath } from '../../src/main/config/paths';
import { LABELS } from '../../src/main/engine/labels';
import { TEST_BASE_IMAGE, describeEachEngine } from '../helpers/engines';
import { type CliFixture, cliFixture } from './cli-fixture';

describeEachEngine('claude-run logs and list for a failed session', (te) => {
  let f: CliFixture;
  const sessionContainers = () => f.engine.listContainers({ [LABELS.repo]: f.repo }, { all: true });

  beforeAll(async () => {
    f = await cliFixture(te);
    // Only this suite's sessions: their containers carry the repo label.
    f.env.CCR_SCOPE_LABEL = `${LABELS.repo}=${f.repo}`;
    const file = userConfigPath({ env: f.env, homeDir: f.homeDir, platform: process.platform });
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      JSON.stringify({
        dockerImage: TEST_BASE_IMAGE,
        buildImage: false,
        network: 'none',
        containerPrefix: 'ccr-it-logs',
        setupCommands: ['echo setup-said-hello; echo setup-went-wrong >&2; exit 3'],
        agent: { command: ['bash', '-c', 'sleep infinity'] },
      }),
    );
  });
  afterAll(async () => {
    if (!f) return;
    for (const c of await sessionContainers()) {
      await f.engine.removeContainer(c.id, { force: true }).catch(() => undefined);
    }
    await f.dispose();
  });

  it(
    'list -a shows the failed session; logs shows its setup output and failure',
    { timeout: 240_000 },
    async () => {
      const name = `fail-${f.scope}`;
      const start = await f.run((ctx) => startCommand(ctx, { name, web: false }));
      expect(start.code).toBe(1);
      expect(start.stderr).toContain('setup-said-hello');

      const list = await f.run((ctx) => listCommand(ctx, { all: true }));
      expect(list.code).toBe(0);
      expect(list.stdout).toMatch(new RegExp(`^\\S+\\s+\\S+\\s+claude/${name}\\s+failed\\s+`, 'm'));

      const logs = await f.run((ctx) => logsCommand(ctx, `claude/${name}`, { tail: 'all' }));
      expect(logs.code).toBe(0);
      const out = logs.stdout;
      expect(out).toContain('$ echo setup-said-hello; echo setup-went-wrong >&2; exit 3');
      expect(out).toContain('setup-said-hello\n');
      expect(out).toContain('setup-went-wrong\n');
      expect(out).toMatch(/^\d\d:\d\d:\d\d \[failed\] .*exit(ed)? (code|status)? ?3/m);
      expect(out.indexOf('setup-said-hello')).toBeLessThan(out.indexOf('[failed]'));
      expect(logs.stderr).toContain('--- session (start-up, setup, imports) ---');

      // -n counts lines of the recorded log too.
      const last = await f.run((ctx) => logsCommand(ctx, `claude/${name}`, { tail: '1' }));
      expect(last.stdout.split('\n')[0]).toContain('[failed]');
    },
  );
});
