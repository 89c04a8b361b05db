/**
 * The CLI's work commands on a recorded, stopped session (its branch on the host): diff
 * as a patch, --stat and --json; push and pr against a bare remote and a loopback GitLab;
 * the --json documents of list and config. Run as the CLI runs them (same functions, captured
 * streams, exit codes).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configCommand } from '../../src/cli/commands/config';
import { diffCommand } from '../../src/cli/commands/diff';
import { listCommand } from '../../src/cli/commands/list';
import { prCommand, pushCommand } from '../../src/cli/commands/publish';
import { testEngine } from '../helpers/engines';
import { fakeForge } from '../helpers/fake-forge';
import { type CliFixture, cliFixture } from './cli-fixture';
import { HOSTILE, type WorkSession, git, recordWorkSession } from './cli-work-fixture';

const { engine: te, reason } = testEngine('docker');

(te ? describe : describe.skip)(
  `claude-run diff, push, pr and --json${te ? '' : ` (skipped: ${reason})`}`,
  () => {
    let f: CliFixture;
    let w: WorkSession;
    let bare: string;
    const forge = fakeForge('gitlab');
    let forgeBase = '';

    beforeAll(async () => {
      f = await cliFixture(te!);
      w = await recordWorkSession(f, 'work', te!.address);
      bare = join(mkdtempSync(join(tmpdir(), 'ccr-cli-remote-')), 'r.git');
      execFileSync('git', ['init', '-q', '--bare', bare]);
      git(f.repo, 'remote', 'add', 'origin', 'ssh://git@gitlab.example:2222/group/sub/widgets.git');
      git(f.repo, 'config', 'remote.origin.pushurl', bare);
      forgeBase = await forge.start();
    });
    afterAll(async () => {
      await f?.dispose();
      await new Promise<void>((r) => forge.server.close(() => r()));
    });

    it('diff prints the whole session as a patch git can apply, chosen by the current folder', async () => {
      const r = await f.run((ctx) => diffCommand(ctx, undefined, {}));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('+++ b/feature.txt\n');
      expect(r.stdout).toMatch(/^-three\n\+THREE$/m);
      // Piped: the agent's bytes as git has them (the patch must apply as it is).
      expect(r.stdout).toContain(HOSTILE);
      const check = mkdtempSync(join(tmpdir(), 'ccr-cli-apply-'));
      git(f.repo, 'worktree', 'add', '-q', '--detach', check, w.base);
      execFileSync('git', ['apply', '--check', '-'], { cwd: check, input: r.stdout });
      git(f.repo, 'worktree', 'remove', '--force', check);
    });

    it('diff on a terminal shows the control sequences the agent wrote instead of obeying them', async () => {
      const r = await f.run((ctx) => diffCommand(ctx, w.session.id, {}), '', { tty: true });
      expect(r.code).toBe(0);
      expect(r.stdout).not.toContain('\x1b]52');
      expect(r.stdout).not.toContain('\x1b[2J');
      expect(r.stdout).toContain('+look ^[]52;c;SGVsbG8=^G here ^[[2J done');
    });

    it('diff --stat is a table of the files; --commit and --range narrow it', async () => {
      const all = await f.run((ctx) => diffCommand(ctx, w.session.id.slice(0, 8), { stat: true }));
      expect(all.code).toBe(0);
      expect(all.stdout).toBe(
        [
          'STATUS    ADDED  REMOVED  FILE',
          'modified  +1     -1       app.txt',
          'added     +1     -0       evil.txt',
          'added     +3     -0       feature.txt',
          '3 files changed, +5 -1',
          '',
        ].join('\n'),
      );
      const one = await f.run((ctx) =>
        diffCommand(ctx, w.session.id, { commit: w.commits[1]!.slice(0, 7) }),
      );
      expect(one.code).toBe(0);
      expect(one.stdout).toContain('+++ b/app.txt');
      expect(one.stdout).not.toContain('feature.txt');
      const range = await f.run((ctx) =>
        diffCommand(ctx, w.session.id, {
          stat: true,
          range: `base..${w.commits[0]!.slice(0, 10)}`,
        }),
      );
      expect(range.stdout).toMatch(/^added +\+3 +-0 +feature\.txt$/m);
      expect(range.stdout).not.toContain('app.txt');
    });

    it("diff refuses a commit that is not the session's, and --commit with --range", async () => {
      const bad = await f.run((ctx) => diffCommand(ctx, w.session.id, { commit: 'ffff0000' }));
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/^error: --commit ffff0000 is not one of the session's commits\n/);
      const both = await f.run((ctx) =>
        diffCommand(ctx, w.session.id, { commit: 'tip', range: 'base..tip' }),
      );
      expect(both.stderr).toBe('error: give --commit or --range, not both\n');
    });

    it("diff --json is one document: the contract's DiffSummary plus the patches", async () => {
      const r = await f.run((ctx) => diffCommand(ctx, w.session.id, { json: true }));
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(Object.keys(doc).sort()).toEqual([
        'files',
        'from',
        'patches',
        'sessionId',
        'to',
        'truncated',
      ]);
      expect(doc).toMatchObject({
        sessionId: w.session.id,
        from: w.base,
        to: w.tip,
        truncated: false,
      });
      const patches = doc.patches as { path: string; patch: string }[];
      expect(patches.map((p) => p.path)).toEqual(['app.txt', 'evil.txt', 'feature.txt']);
      expect(patches[1]!.patch).toContain(HOSTILE);
      const stat = JSON.parse(
        (await f.run((ctx) => diffCommand(ctx, w.session.id, { json: true, stat: true }))).stdout,
      ) as Record<string, unknown>;
      expect(stat).not.toHaveProperty('patches');
      expect((stat.files as { path: string; insertions: number }[])[2]).toMatchObject({
        path: 'feature.txt',
        status: 'added',
        insertions: 3,
        deletions: 0,
      });
    });

    it('push --json pushes the branch to the remote and prints the PushResult', async () => {
      const r = await f.run((ctx) => pushCommand(ctx, w.session.id, { json: true }));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({
        sessionId: w.session.id,
        remote: 'origin',
        branch: w.session.branch,
        tip: w.tip,
        upToDate: false,
        forced: false,
      });
      expect(git(bare, 'rev-parse', w.session.branch)).toBe(w.tip);
      const again = await f.run((ctx) => pushCommand(ctx, w.session.id, {}));
      expect(again.stdout).toBe(
        `origin already has ${w.session.branch} at ${w.tip.slice(0, 7)}.\n`,
      );
    });

    it('pr opens a merge request pre-filled from the commits, with the given title and draft; --json is the PrResult', async () => {
      const overrides = {
        forge: { env: { GITLAB_TOKEN: 'glpat-cli-test' }, apiBase: () => forgeBase },
      };
      const r = await f.run(
        (ctx) => prCommand(ctx, w.session.id, { json: true, draft: true, title: 'CLI title' }),
        '',
        { overrides },
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(doc).toEqual({
        sessionId: w.session.id,
        forge: 'gitlab',
        url: expect.stringMatching(/merge_requests\/1$/) as unknown,
        number: 1,
        created: true,
      });
      const post = forge.seen.find((s) => s.method === 'POST')!;
      expect(post.privateToken).toBe('glpat-cli-test');
      expect(post.body).toMatchObject({
        source_branch: w.session.branch,
        target_branch: 'develop',
        title: 'Draft: CLI title',
      });
      expect(String(post.body?.description)).toContain('add feature');
      const again = await f.run((ctx) => prCommand(ctx, w.session.id, {}), '', { overrides });
      expect(again.stdout).toMatch(/^Merge request #1 was already open for claude\/work: http/);
    });

    it('list --json and config --json are one JSON document each, nothing else on stdout', async () => {
      const list = await f.run((ctx) => listCommand(ctx, { all: true, json: true }));
      expect(list.code).toBe(0);
      const doc = JSON.parse(list.stdout) as {
        containers: Record<string, unknown>[];
        engineProblem: unknown;
      };
      expect(doc.engineProblem).toBeNull();
      expect(doc.containers).toEqual([
        {
          id: w.session.containerId!.slice(0, 12),
          sessionId: w.session.id,
          containerId: w.session.containerId,
          name: w.session.containerName,
          branch: w.session.branch,
          baseBranch: 'main',
          status: 'stopped',
          running: false,
          createdAt: w.session.createdAt,
          folder: f.repo,
          recorded: false,
          usage: null,
        },
      ]);
      const running = JSON.parse((await f.run((ctx) => listCommand(ctx, { json: true }))).stdout);
      expect(running).toMatchObject({ containers: [], engineProblem: null });
      expect(running.usageToday.tokens).toEqual({
        input: 0,
        output: 0,
        cacheCreation: 0,
        cacheRead: 0,
      });
      const config = await f.run((ctx) => configCommand(ctx, { json: true }));
      expect(config.code).toBe(0);
      const c = JSON.parse(config.stdout) as Record<string, { [k: string]: unknown }>;
      expect(Object.keys(c).sort()).toEqual(['config', 'credentials', 'engine', 'projectDir']);
      expect(c.config).toMatchObject({ ok: true });
      expect(c.engine).toMatchObject({ reachable: true, kind: 'docker' });
      expect(c.credentials).toHaveProperty('entries');
    });
  },
);
