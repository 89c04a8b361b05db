/**
 * `claude-run restart [--fresh]`, `fork [--conversation]` and `export-conversation` on real
 * engines, run as the CLI runs them. The agent is a shell that appends its arguments to a file
 * in the container at each launch, so the test reads what each run was given.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  exportConversationCommand,
  forkCommand,
  restartCommand,
} from '../../src/cli/commands/resume';
import { userConfigPath } from '../../src/main/config/paths';
import { LABELS } from '../../src/main/engine/labels';
import type { SessionInfo } from '../../src/shared/schemas/session';
import { TEST_BASE_IMAGE, describeEachEngine } from '../helpers/engines';
import { type CliFixture, cliFixture } from './cli-fixture';

const ARGS_FILE = '/tmp/agent-args';

describeEachEngine('claude-run restart, fork, export-conversation', (te) => {
  let f: CliFixture;
  let s: SessionInfo;
  let out: string;

  async function sh(session: SessionInfo, script: string): Promise<string> {
    const r = await f.engine.exec(session.containerId!, {
      cmd: ['sh', '-c', script],
      user: session.containerUser || undefined,
    });
    return r.stdout.toString('utf8');
  }

  /** The launches' argument lines, once there are `n` of them. */
  async function launches(session: SessionInfo, n: number): Promise<string[]> {
    const end = Date.now() + 30_000;
    for (;;) {
      const lines = (await sh(session, `cat ${ARGS_FILE} 2>/dev/null || true`))
        .split('\n')
        .slice(0, -1);
      if (lines.length >= n) return lines;
      if (Date.now() > end) throw new Error(`${n} launch(es) expected; got ${lines.join(' | ')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  beforeAll(async () => {
    f = await cliFixture(te);
    f.env.CCR_SCOPE_LABEL = `${LABELS.repo}=${f.repo}`;
    out = mkdtempSync(join(tmpdir(), 'ccr-cli-export-'));
    const file = userConfigPath({ env: f.env, homeDir: f.homeDir, platform: process.platform });
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      JSON.stringify({
        dockerImage: TEST_BASE_IMAGE,
        buildImage: false,
        network: 'none',
        containerPrefix: 'ccr-it-resume',
        agent: {
          command: [
            'sh',
            '-c',
            `printf '[%s]\\n' "$*" >> ${ARGS_FILE}; exec sleep infinity`,
            'agent',
          ],
          resume: ['--continue'],
        },
      }),
    );
    const started = await f.run(async (ctx) => {
      s = await (await ctx.getApi()).startSession({ folder: f.repo, name: 'claude/cli-src' });
      return 0;
    });
    expect(started.stderr).toBe('');
    await sh(
      s,
      'mkdir -p "$HOME/.claude/projects/-workspace" && printf hello > "$HOME/.claude/projects/-workspace/t.jsonl"',
    );
  }, 300_000);

  afterAll(async () => {
    if (!f) return;
    for (const c of await f.engine.listContainers({ [LABELS.repo]: f.repo }, { all: true })) {
      await f.engine.removeContainer(c.id, { force: true }).catch(() => undefined);
    }
    await f.dispose();
    rmSync(out, { recursive: true, force: true });
  });

  it('restart resumes the conversation; restart --fresh does not', async () => {
    expect(await launches(s, 1)).toEqual(['[]']);
    const r = await f.run((ctx) => restartCommand(ctx, 'claude/cli-src', {}));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('the agent continues its conversation');
    expect((await launches(s, 2))[1]).toBe('[--continue]');

    const fresh = await f.run((ctx) => restartCommand(ctx, s.id, { fresh: true, json: true }));
    expect(fresh.code).toBe(0);
    expect(JSON.parse(fresh.stdout)).toMatchObject({ id: s.id, status: 'running' });
    expect((await launches(s, 3))[2]).toBe('[]');
  });

  it('fork --conversation: a new session at the branch tip on the host, resuming the copy', async () => {
    // The agent's commit as the import brings it home: the session branch in the user's repo.
    const git = (...a: string[]) =>
      execFileSync('git', ['-c', 'user.name=A', '-c', 'user.email=a@x.invalid', ...a], {
        cwd: f.repo,
        encoding: 'utf8',
      }).trim();
    const tree = git('rev-parse', 'HEAD^{tree}');
    const tip = git('commit-tree', '-p', 'HEAD', '-m', 'agent work', tree);
    git('update-ref', `refs/heads/${s.branch}`, tip);

    const r = await f.run((ctx) =>
      forkCommand(ctx, s.id, { conversation: true, name: 'claude/cli-fork', json: true }),
    );
    expect(r.code).toBe(0);
    const fork = JSON.parse(r.stdout) as SessionInfo;
    expect(fork).toMatchObject({ branch: 'claude/cli-fork', baseCommit: tip, status: 'running' });
    expect(fork.containerId).not.toBe(s.containerId);
    expect(r.stderr).toContain('Forking');
    expect(await launches(fork, 1)).toEqual(['[--continue]']);
    expect(await sh(fork, 'git -C /workspace rev-parse HEAD')).toBe(`${tip}\n`);
    expect(await sh(fork, 'cat "$HOME/.claude/projects/-workspace/t.jsonl"')).toBe('hello');

    const plain = await f.run((ctx) => forkCommand(ctx, s.id, { name: 'claude/cli-fork-2' }));
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(
      /^Forked claude-cli-src → claude-cli-fork-2 \(branch claude\/cli-fork-2, at [0-9a-f]{12}\)/,
    );
  });

  it('export-conversation writes the transcripts; a session without any says so', async () => {
    const r = await f.run((ctx) => exportConversationCommand(ctx, out, 'claude/cli-src', {}));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `Exported 1 transcript file(s), 5 bytes, of claude-cli-src to ${out}`,
    );
    expect(readFileSync(join(out, '-workspace', 't.jsonl'), 'utf8')).toBe('hello');

    const none = await f.run((ctx) =>
      exportConversationCommand(ctx, join(out, 'none'), 'claude/cli-fork-2', {}),
    );
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('has no transcripts');
  });
  it('fork refuses an untrusted project config file until a flag decides', async () => {
    // The repository now has its own config asking for a setup command (it needs trust).
    writeFileSync(
      join(f.repo, 'claude-run.config.json'),
      JSON.stringify({ setupCommands: ['echo from-the-project'] }),
    );
    try {
      const refused = await f.run((ctx) => forkCommand(ctx, s.id, { name: 'claude/cli-fork-3' }));
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('setupCommands');
      const both = await f.run((ctx) =>
        forkCommand(ctx, s.id, { trustProjectConfig: true, ignoreProjectConfig: true }),
      );
      expect(both.code).toBe(1);
      expect(both.stderr).toContain('not both');
      const ignored = await f.run((ctx) =>
        forkCommand(ctx, s.id, { name: 'claude/cli-fork-3', ignoreProjectConfig: true }),
      );
      expect(ignored.code).toBe(0);
      expect(ignored.stderr).toContain('Starting without the settings of');
      expect(ignored.stdout).toContain('branch claude/cli-fork-3');
    } finally {
      rmSync(join(f.repo, 'claude-run.config.json'), { force: true });
    }
  });
});
