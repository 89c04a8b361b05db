/**
 * For the CLI suites: the commands run in-process with captured streams against a real engine,
 * a temp data dir, home and repository. Every container the suite makes (and only those) carries
 * a per-run scope label, and the CLI is narrowed to it with CCR_SCOPE_LABEL, so `stop --all` and
 * `clean --force` never touch another suite's containers on the shared engines.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { CliContext, type CliDeps, type CoreOverrides } from '../../src/cli/commands/context';
import { runCommand } from '../../src/cli/commands/run';
import { connectEngineAt } from '../../src/main/engine';
import { LABELS } from '../../src/main/engine/labels';
import type { Engine } from '../../src/main/engine/types';
import { TEST_BASE_IMAGE, type TestEngine } from '../helpers/engines';

export const SCOPE_KEY = 'dev.claude-code-runner.test-cli';

export class Capture extends Writable {
  text = '';
  isTTY = false;
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliFixture {
  engine: Engine;
  scope: string;
  dataDir: string;
  homeDir: string;
  repo: string;
  env: NodeJS.ProcessEnv;
  /**
   * Runs one command function as the CLI would (errors → exit code 1 and error/hint lines).
   * `tty`: stdin and stdout say they are terminals (questions are asked, not refused).
   */
  run(
    fn: (ctx: CliContext) => Promise<number>,
    stdin?: string | Readable,
    opts?: { tty?: boolean; overrides?: CoreOverrides },
  ): Promise<CliResult>;
  /** A container with the scope label; `app`: made the app's way (app label) with a session's labels. */
  container(opts: {
    app: boolean;
    session?: string;
    branch?: string;
    script?: string;
  }): Promise<string>;
  dispose(): Promise<void>;
}

export async function cliFixture(te: TestEngine): Promise<CliFixture> {
  const engine = await connectEngineAt(te.address, { source: 'test' });
  const scope = `${te.name}-${randomBytes(4).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'ccr-cli-data-'));
  const homeDir = mkdtempSync(join(tmpdir(), 'ccr-cli-home-'));
  const repo = mkdtempSync(join(tmpdir(), 'ccr-cli-repo-'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], {
      cwd: repo,
      stdio: 'pipe',
    });
  git('init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'README.md'), '# test\n');
  git('add', 'README.md');
  git('commit', '-q', '-m', 'first');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: homeDir,
    DOCKER_HOST: te.address,
    CCR_DATA_DIR: dataDir,
    CCR_SCOPE_LABEL: `${SCOPE_KEY}=${scope}`,
    NO_COLOR: '1',
  };
  let n = 0;
  return {
    engine,
    scope,
    dataDir,
    homeDir,
    repo,
    env,
    async run(fn, stdin = '', opts = {}) {
      const stdout = new Capture();
      const stderr = new Capture();
      const input: Readable & { isTTY?: boolean } =
        typeof stdin === 'string' ? Readable.from([stdin]) : stdin;
      if (opts.tty) stdout.isTTY = input.isTTY = true;
      const deps: CliDeps = {
        io: { stdout, stderr, stdin: input, env, cwd: repo },
        version: '0.0.0-test',
        homeDir,
      };
      const code = await runCommand(new CliContext(deps, opts.overrides), fn);
      return { code, stdout: stdout.text, stderr: stderr.text };
    },
    async container(opts) {
      const labels: Record<string, string> = { [SCOPE_KEY]: scope };
      const name = `ccr-it-cli-${scope}-${++n}`;
      const cmd = ['bash', '-c', opts.script ?? 'exec sleep infinity'];
      let id: string;
      if (opts.app) {
        if (opts.session) labels[LABELS.session] = opts.session;
        if (opts.branch) labels[LABELS.branch] = opts.branch;
        labels[LABELS.repo] = repo;
        // The app's own create path: it adds the app label to every container it makes.
        id = await engine.createContainer({
          name,
          image: TEST_BASE_IMAGE,
          labels,
          env: {},
          cmd,
          network: 'none',
          init: true,
        });
      } else {
        // Someone else's container: made with the engine's plain API, no app label.
        const c = await engine.docker.createContainer({
          name,
          Image: TEST_BASE_IMAGE,
          Labels: labels,
          Cmd: cmd,
          HostConfig: { NetworkMode: 'none', Init: true },
        });
        id = c.id;
      }
      await engine.startContainer(id);
      return id;
    },
    async dispose() {
      for (const c of await engine.listContainers({ [SCOPE_KEY]: scope }, { all: true })) {
        await engine.removeContainer(c.id, { force: true }).catch(() => undefined);
      }
      for (const d of [dataDir, homeDir, repo]) rmSync(d, { recursive: true, force: true });
    },
  };
}
