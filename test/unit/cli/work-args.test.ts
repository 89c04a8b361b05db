/**
 * The work commands' arguments, checked before anything runs: line ranges, merge methods,
 * commits named by prefix or base/tip, comment ids by prefix, which session the current
 * folder means; commander's refusals (missing -m, conflicting flags, a bad --side, --web with
 * a command that has no web UI); and `claude-run --web` reaching the default start.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeMethod } from '../../../src/cli/commands/merge';
import { describeAnchor, parseLines, pickComment } from '../../../src/cli/commands/review';
import { resolveCommit } from '../../../src/cli/commands/revs';
import { isInside } from '../../../src/cli/commands/session-arg';
import { runCli as runProgram } from '../../../src/cli/program';
import { capturedDeps } from './captured-deps';
import type { CommitList } from '../../../src/shared/schemas/commits';
import type { ReviewState } from '../../../src/shared/schemas/review';
import { runCli } from './run-cli';

const h = (c: string) => c.repeat(40);
const list: CommitList = {
  sessionId: 's1',
  branch: 'claude/x',
  base: h('a'),
  tip: h('c'),
  commits: [h('c'), h('b'), `bbbb${'0'.repeat(36)}`].map((hash) => ({
    hash,
    parents: [],
    authorName: '',
    authorEmail: '',
    date: '',
    subject: '',
    message: '',
    filesChanged: 0,
    insertions: 0,
    deletions: 0,
  })),
  pendingRewrite: null,
};

describe('work command arguments', () => {
  it('--line is a line or an inclusive range, first line first', () => {
    expect(parseLines('12')).toEqual({ startLine: 12, endLine: 12 });
    expect(parseLines(' 3-7 ')).toEqual({ startLine: 3, endLine: 7 });
    for (const bad of ['0', '7-3', 'x', '1-', '-2', '1,2']) {
      expect(() => parseLines(bad)).toThrow(/is not a line or a range/);
    }
  });

  it('merge methods: default merge, --squash, --rebase, not both', () => {
    expect(mergeMethod({})).toBe('merge');
    expect(mergeMethod({ squash: true })).toBe('squash');
    expect(mergeMethod({ rebase: true })).toBe('rebase');
    expect(() => mergeMethod({ squash: true, rebase: true })).toThrow(/not both/);
  });

  it("a commit is a prefix of one of the session's commits, base or tip; never a git expression", () => {
    expect(resolveCommit(list, 'base', '--commit')).toBe(h('a'));
    expect(resolveCommit(list, 'TIP', '--commit')).toBe(h('c'));
    expect(resolveCommit(list, 'cccc', '--commit')).toBe(h('c'));
    expect(resolveCommit(list, 'bbbbb', '--commit')).toBe(h('b'));
    expect(() => resolveCommit(list, 'bb', '--commit')).toThrow(/is not a commit of this session/);
    expect(resolveCommit(list, 'bbbb0', '--commit')).toBe(`bbbb${'0'.repeat(36)}`);
    expect(() => resolveCommit(list, 'bbbb', '--commit')).toThrow(/matches 2 commits/);
    expect(() => resolveCommit(list, 'dddd', '--commit')).toThrow(/not one of the session's/);
    expect(() => resolveCommit(list, 'HEAD~1', '--commit')).toThrow(/not a commit of this session/);
    expect(() => resolveCommit(list, '--output=x', '--commit')).toThrow();
  });

  it('comments by id prefix; anchors described as path:line (side) @commit', () => {
    const state = {
      sessionId: 's1',
      queued: null,
      comments: [
        { id: 'abcd1234-1', anchor: { kind: 'session' } },
        { id: 'abcd9999-2', anchor: { kind: 'session' } },
      ],
    } as unknown as ReviewState;
    expect(pickComment(state, 'abcd1').id).toBe('abcd1234-1');
    expect(() => pickComment(state, 'abcd')).toThrow(/matches 2 comments/);
    expect(() => pickComment(state, 'zz')).toThrow(/no comment of this session/);
    expect(() => pickComment(state, '')).toThrow();
    expect(
      describeAnchor({
        kind: 'line',
        path: 'src/a\x1b[2J.ts',
        side: 'old',
        startLine: 3,
        endLine: 5,
        commit: h('c'),
      }),
    ).toBe('src/a?[2J.ts:3-5 (old) @ccccccc');
  });

  it('the current folder means the sessions of the repository it is in', () => {
    expect(isInside('/r/repo', '/r/repo')).toBe(true);
    expect(isInside('/r/repo/src/x', '/r/repo')).toBe(true);
    expect(isInside('/r/repo-other', '/r/repo')).toBe(false);
    expect(isInside('/r', '/r/repo')).toBe(false);
  });
});

describe('claude-run work commands on the command line', () => {
  it.each([
    [['review', 'add', '--file', 'a.ts', '--line', '3'], /required option '-m, --message <text>'/],
    [['review', 'add', '--side', 'middle', '-m', 'x'], /Allowed choices are old, new/],
    [
      ['diff', '--commit', 'a', '--range', 'a..b'],
      /'--commit <commit>' cannot be used with option '--range/,
    ],
    [['merge', '--squash', '--rebase'], /'--squash' cannot be used with option '--rebase'/],
    [['--web', 'list'], /--web opens the web UI of a session; `list` has none/],
    [['--web', 'merge'], /`merge` has none/],
  ])('refuses %j before running anything', async (argv, message) => {
    const run = capturedDeps();
    expect(await runProgram(argv, run.deps)).toBe(1);
    expect(run.stderr()).toMatch(message);
  });

  it(
    '`claude-run --web` is the default start (the spec README), not an unknown option',
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ccr-cli-web-flag-'));
      const r = await runCli(['--web'], dir);
      expect(r.out).not.toMatch(/unknown option/);
      expect(r.out).toContain(`Starting a session for ${dir}`);
      expect(r.out).toMatch(/is not inside a git work tree/);
      expect(r.code).toBe(1);
    },
  );
});
