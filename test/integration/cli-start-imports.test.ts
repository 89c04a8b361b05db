/**
 * `claude-run` on its own (no desktop app on the data dir) brings the agent's commits home
 * while it serves the session, and a short command beside it (`claude-run list`) neither
 * takes that job over nor waits for it. Short commands join the importer election only on
 * request, so they never start commit watchers just to stop them on exit.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliContext } from '../../src/cli/commands/context';
import { listCommand } from '../../src/cli/commands/list';
import { startCommand } from '../../src/cli/commands/start';
import { userConfigPath } from '../../src/main/config/paths';
import { LABELS } from '../../src/main/engine/labels';
import { TEST_BASE_IMAGE, testEngine } from '../helpers/engines';
import { Capture, type CliFixture, cliFixture } from './cli-fixture';

const { engine: te, reason } = testEngine('docker');

const AGENT = [
  'printf "work\\n" > work.txt',
  'git add work.txt',
  'git -c user.name=Agent -c user.email=agent@example.invalid commit -q -m "Agent work"',
  'exec sleep infinity',
].join('\n');

(te ? describe : describe.skip)(`claude-run start imports commits ${reason ?? ''}`, () => {
  let f: CliFixture;

  beforeAll(async () => {
    f = await cliFixture(te!);
    f.env.CCR_SCOPE_LABEL = `${LABELS.repo}=${f.repo}`;
    const file = userConfigPath({ env: f.env, homeDir: f.homeDir, platform: process.platform });
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      JSON.stringify({
        dockerImage: TEST_BASE_IMAGE,
        buildImage: false,
        network: 'none',
        containerPrefix: 'ccr-it-start-imports',
        agent: { command: ['bash', '-c', AGENT] },
      }),
    );
  }, 120_000);

  afterAll(async () => {
    for (const c of await f.engine.listContainers({ [LABELS.repo]: f.repo }, { all: true }))
      await f.engine.removeContainer(c.id, { force: true }).catch(() => undefined);
    await f?.dispose();
  });

  it(
    'serves the session and brings its commit home; list beside it stays out',
    {
      timeout: 240_000,
    },
    async () => {
      const name = `imports-${f.scope}`;
      const out = new Capture();
      const err = new Capture();
      const ctx = new CliContext({
        io: { stdout: out, stderr: err, stdin: Readable.from(['']), env: f.env, cwd: f.repo },
        version: '0.0.0-test',
        homeDir: f.homeDir,
        // The web UI itself is not under test: a server that is never browsed.
        web: async () => ({ url: 'http://127.0.0.1:9/', close: async () => undefined }),
      });
      const stop = new AbortController();
      const serving = startCommand(ctx, { name }, stop.signal);
      try {
        const subject = () => {
          try {
            return execFileSync(
              'git',
              ['-C', f.repo, 'log', '-1', '--format=%s', `claude/${name}`],
              {
                encoding: 'utf8',
                stdio: ['ignore', 'pipe', 'ignore'],
              },
            ).trim();
          } catch {
            return '';
          }
        };
        await expect.poll(subject, { timeout: 180_000, interval: 250 }).toBe('Agent work');

        // A short command on the same data dir: answers, and its exit does not stop the import.
        const list = await f.run((c) => listCommand(c, {}));
        expect(list.code).toBe(0);
        expect(list.stdout).toContain(`claude/${name}`);
      } finally {
        stop.abort();
        await serving.catch(() => undefined);
        await ctx.dispose();
      }
      expect(err.text).not.toMatch(/^error:/m);
    },
  );
});
