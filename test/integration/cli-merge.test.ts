/**
 * `claude-run merge` and `claude-run discard` on recorded sessions of one repository whose
 * checkout has the user's uncommitted work: a fast-forward, a squash with the given message
 * and a rebase move `main` and leave the user's files, index and HEAD as they were; a
 * conflicting session changes nothing, lists the file and exits 1 with the --ask-agent hint;
 * --json is { preview, result, checkout }. Discard removes the container and keeps the branch,
 * and a session with commits neither pushed nor merged needs a second yes (or --force).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { discardCommand } from '../../src/cli/commands/discard';
import { mergeCommand } from '../../src/cli/commands/merge';
import { describeEachEngine } from '../helpers/engines';
import { type CliFixture, cliFixture } from './cli-fixture';
import { type WorkSession, git, recordWorkSession } from './cli-work-fixture';

const SLOW = { timeout: 300_000 };

describeEachEngine('claude-run merge and discard', (te) => {
  let f: CliFixture;
  let ff: WorkSession;
  let squash: WorkSession;
  let rebase: WorkSession;
  let clash: WorkSession;
  /** The user's checkout, byte for byte: HEAD (the ref), the index, their files. */
  const userState = () => ({
    head: git(f.repo, 'symbolic-ref', 'HEAD'),
    index: git(f.repo, 'ls-files', '--stage'),
    files: ['README.md', 'staged.txt', 'untracked.txt', 'app.txt'].map((n) =>
      readFileSync(join(f.repo, n), 'utf8'),
    ),
  });
  let before: ReturnType<typeof userState>;

  beforeAll(async () => {
    f = await cliFixture(te);
    // Made oldest first: each one's base is an ancestor of the next one's.
    clash = await recordWorkSession(f, 'clash', te.address, { prefix: 'clash-', line3: 'three?' });
    rebase = await recordWorkSession(f, 'rebase', te.address, { prefix: 'rb-', line3: null });
    squash = await recordWorkSession(f, 'squash', te.address, { prefix: 'sq-', line3: null });
    ff = await recordWorkSession(f, 'ff', te.address);
    writeFileSync(join(f.repo, 'README.md'), '# test\nmy uncommitted edit\n');
    writeFileSync(join(f.repo, 'staged.txt'), 'staged\n');
    git(f.repo, 'add', 'staged.txt');
    writeFileSync(join(f.repo, 'untracked.txt'), 'mine\n');
    before = userState();
  }, 300_000);
  afterAll(async () => {
    await f?.dispose();
  });

  it(
    'fast-forwards main to the session and leaves the work tree alone; --json is { preview, result }',
    SLOW,
    async () => {
      const r = await f.run((ctx) => mergeCommand(ctx, ff.session.id, { json: true }));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout) as Record<string, Record<string, unknown>>;
      expect(Object.keys(doc).sort()).toEqual(['checkout', 'preview', 'result']);
      expect(doc.preview).toMatchObject({ into: 'main', fastForward: true, ahead: 3, behind: 0 });
      expect(doc.result).toEqual({
        ok: true,
        sessionId: ff.session.id,
        into: 'main',
        method: 'merge',
        oldTip: ff.base,
        newTip: ff.tip,
        fastForward: true,
        checkoutLags: true,
      });
      expect(doc.checkout).toBeNull();
      expect(git(f.repo, 'rev-parse', 'refs/heads/main')).toBe(ff.tip);
      expect(userState()).toEqual(before);
    },
  );

  it('--squash makes one commit with the given message on main', SLOW, async () => {
    const old = git(f.repo, 'rev-parse', 'refs/heads/main');
    const r = await f.run((ctx) =>
      mergeCommand(ctx, squash.session.id, { squash: true, message: 'Squashed work' }),
    );
    expect(r.code).toBe(0);
    const tip = git(f.repo, 'rev-parse', 'refs/heads/main');
    expect(r.stdout).toBe(
      `Merged claude/squash into main (squash): ${old.slice(0, 7)}..${tip.slice(0, 7)}, 3 commit(s).\n`,
    );
    expect(r.stderr).toMatch(/^main is checked out in your work tree, which now lags it/);
    expect(git(f.repo, 'rev-parse', `${tip}^`)).toBe(old);
    expect(git(f.repo, 'log', '-1', '--format=%s', tip)).toBe('Squashed work');
    expect(git(f.repo, 'show', `${tip}:sq-feature.txt`)).toBe('alpha\nbeta\ngamma\ndelta');
    expect(userState()).toEqual(before);
  });

  it('--rebase replays the commits onto main', SLOW, async () => {
    const old = git(f.repo, 'rev-parse', 'refs/heads/main');
    const r = await f.run((ctx) => mergeCommand(ctx, rebase.session.id, { rebase: true }));
    expect(r.code).toBe(0);
    const tip = git(f.repo, 'rev-parse', 'refs/heads/main');
    expect(git(f.repo, 'rev-list', '--count', `${old}..${tip}`)).toBe('3');
    expect(git(f.repo, 'log', '--format=%s', `${old}..${tip}`).split('\n')).toEqual([
      'hostile text',
      'extend feature',
      'add feature',
    ]);
    expect(git(f.repo, 'rev-list', '--merges', `${old}..${tip}`)).toBe('');
    expect(userState()).toEqual(before);
  });

  it(
    'a conflicting session changes nothing, lists the file and says how to ask the agent',
    SLOW,
    async () => {
      const old = git(f.repo, 'rev-parse', 'refs/heads/main');
      const r = await f.run((ctx) => mergeCommand(ctx, clash.session.id, {}));
      expect(r.code).toBe(1);
      expect(r.stdout).toBe(
        'Conflicts: claude/clash does not merge into main (merge); nothing was changed.\n  app.txt\n',
      );
      expect(r.stderr).toContain('hint: `claude-run merge --ask-agent --into main`');
      const json = await f.run((ctx) => mergeCommand(ctx, clash.session.id, { json: true }));
      expect(json.code).toBe(1);
      expect((JSON.parse(json.stdout) as { result: unknown }).result).toEqual({
        ok: false,
        sessionId: clash.session.id,
        into: 'main',
        method: 'merge',
        conflicts: ['app.txt'],
      });
      expect(git(f.repo, 'rev-parse', 'refs/heads/main')).toBe(old);
      expect(userState()).toEqual(before);
    },
  );

  it('refuses --squash with --rebase before touching anything', SLOW, async () => {
    const r = await f.run((ctx) =>
      mergeCommand(ctx, ff.session.id, { squash: true, rebase: true }),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: give --squash or --rebase, not both\n/);
  });

  it(
    'discard removes a merged session and its container, keeps the branch; asks first',
    SLOW,
    async () => {
      const id = ff.session.id;
      const refused = await f.run((ctx) => discardCommand(ctx, id, {}));
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /stdin is not a terminal\nhint: run `claude-run discard \S+ --yes`/,
      );
      const r = await f.run((ctx) => discardCommand(ctx, id, { yes: true }));
      expect(r.stderr).toContain('branch claude/ff is kept');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('Discarded ff; branch claude/ff kept.\n');
      expect(await f.engine.inspectContainer(ff.session.containerId!)).toBeNull();
      expect(git(f.repo, 'rev-parse', 'refs/heads/claude/ff')).toBe(ff.tip);
    },
  );

  it(
    'an unmerged, unpushed session needs --force off a terminal, or a second yes on one',
    SLOW,
    async () => {
      const id = clash.session.id;
      const once = await f.run((ctx) => discardCommand(ctx, id, { yes: true, deleteBranch: true }));
      expect(once.code).toBe(1);
      expect(once.stderr).toMatch(
        /neither pushed nor merged and the branch is deleted: they are lost\nhint: .*--force`/,
      );
      expect(await f.engine.inspectContainer(clash.session.containerId!)).not.toBeNull();
      const no = await f.run((ctx) => discardCommand(ctx, id, { deleteBranch: true }), 'y\nn\n', {
        tty: true,
      });
      expect(no.code).toBe(1);
      expect(no.stderr).toContain('they are lost. Discard anyway? [y/N] ');
      expect(git(f.repo, 'rev-parse', 'refs/heads/claude/clash')).toBe(clash.tip);
      const yes = await f.run((ctx) => discardCommand(ctx, id, { deleteBranch: true }), 'y\ny\n', {
        tty: true,
      });
      expect(yes.code).toBe(0);
      expect(yes.stdout).toContain(`branch claude/clash deleted (it pointed at ${clash.tip};`);
      expect(await f.engine.inspectContainer(clash.session.containerId!)).toBeNull();
      expect(() => git(f.repo, 'rev-parse', '--verify', '-q', 'refs/heads/claude/clash')).toThrow();
    },
  );
});
