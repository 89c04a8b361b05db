import { describe, expect, it } from 'vitest';
import { blockingPaths } from '../../../src/main/merge/checkout';
import {
  mergeMessage,
  parseCommitTexts,
  rebaseRequestText,
  squashMessage,
} from '../../../src/main/merge/messages';
import { parseMergeTree } from '../../../src/main/merge/plumbing';

const TREE = 'a'.repeat(40);

describe('merge messages', () => {
  it('names the session branch and the target in the merge commit', () => {
    expect(mergeMessage('claude/x', 'main')).toBe("Merge branch 'claude/x' into main");
  });

  it('keeps a single commit message as it is', () => {
    expect(squashMessage('claude/x', [{ subject: 'Fix it', body: 'Because.\n' }])).toBe(
      'Fix it\n\nBecause.',
    );
  });

  it('lists several commits oldest first with their bodies indented', () => {
    expect(
      squashMessage('claude/x', [
        { subject: 'one', body: 'why one\n\nmore\n' },
        { subject: 'two', body: '' },
      ]),
    ).toBe("Squashed branch 'claude/x' (2 commits)\n\n* one\n  why one\n\n  more\n* two");
  });

  it('reads git log records of subject NUL body NUL', () => {
    expect(parseCommitTexts('one\0body 1\n\0\ntwo\0\0\n')).toEqual([
      { subject: 'one', body: 'body 1\n' },
      { subject: 'two', body: '' },
    ]);
  });

  it('neutralises file names from the repo in the message to the agent', () => {
    const text = rebaseRequestText({
      sessionBranch: 'claude/x',
      onto: 'main',
      ontoTip: 'b'.repeat(40),
      containerRef: 'refs/ccr/onto/main',
      conflicts: ['ok.txt', 'evil\x1b]52;c;aGk=\x07.txt', 'a\nb'],
    });
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
    expect(text).toContain('  - ok.txt');
    expect(text).toContain('evil⟨U+001B⟩]52;c;aGk=⟨U+0007⟩.txt');
    expect(text).toContain('a⟨U+000A⟩b');
    expect(text).toContain('git rebase refs/ccr/onto/main');
  });
});

describe('merge-tree output', () => {
  it('reads a clean merge', () => {
    expect(parseMergeTree(`${TREE}\0`, 0)).toEqual({ tree: TREE, conflicts: [] });
  });
  it('reads the conflicting files, once each', () => {
    expect(parseMergeTree(`${TREE}\0a.txt\0dir/b c.txt\0a.txt\0\0`, 1)).toEqual({
      tree: TREE,
      conflicts: ['a.txt', 'dir/b c.txt'],
    });
  });
  it('fails on a git error instead of reporting no conflicts', () => {
    expect(() => parseMergeTree('', 128)).toThrow(/merge-tree failed/);
  });
});

describe('update checkout: what is in the way', () => {
  it('is the touched files with local changes, including file/directory clashes', () => {
    expect(blockingPaths(['a.txt', 'lib/x.ts', 'new'], ['b.txt', 'a.txt', 'new/inner'])).toEqual([
      'a.txt',
      'new',
    ]);
    expect(blockingPaths(['a.txt'], ['b.txt'])).toEqual([]);
  });
});
