import { describe, expect, it } from 'vitest';
import { parseStateLine } from '../../../src/main/commits/watcher';
import { parseBundleHeader } from '../../../src/main/git/unbundle';
import { parseNumstatZ } from '../../../src/main/git/review-log';
import { parseRawZ } from '../../../src/main/git/diff-files';
import { GetFileDiffInput } from '../../../src/shared/schemas/commits';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('watcher lines (untrusted)', () => {
  it('reads a tip and the branch HEAD points at', () => {
    expect(parseStateLine(`state ${A} ref: refs/heads/claude/x`)).toEqual({
      tip: A,
      headBranch: 'claude/x',
      headRaw: 'ref: refs/heads/claude/x',
    });
    expect(parseStateLine(`state - ${A}`)).toEqual({ tip: null, headBranch: null, headRaw: A });
  });
  it('drops anything else', () => {
    for (const l of [
      '',
      'state',
      `state ${A}`,
      'state $(touch x) ref: refs/heads/a',
      `state ${A.slice(1)} x`,
      `tip ${A} x`,
    ]) {
      expect(parseStateLine(l)).toBeNull();
    }
  });
  it('keeps a hostile branch name as data', () => {
    expect(parseStateLine(`state ${A} ref: refs/heads/x;touch /tmp/pwned`)!.headBranch).toBe(
      'x;touch /tmp/pwned',
    );
  });
});

describe('bundle header (untrusted)', () => {
  it('parses prerequisites and refs', () => {
    const buf = Buffer.from(
      `# v2 git bundle\n-${A} msg\n${B} refs/heads/claude/x\n${A} refs/heads/main\n\nPACK...`,
    );
    const h = parseBundleHeader(buf);
    expect(h.prerequisites).toEqual([A]);
    expect(h.refs.get('refs/heads/claude/x')).toBe(B);
    expect(buf.subarray(h.packOffset).toString()).toBe('PACK...');
  });
  it('refuses what is not a bundle or has odd lines', () => {
    for (const t of [
      'PACK',
      `# v2 git bundle\n${B}\n\n`,
      `# v3 git bundle\n@filter=blob:none\n${B} refs/heads/x\n\n`,
      `# v2 git bundle\nzz refs/heads/x\n\n`,
    ]) {
      expect(() => parseBundleHeader(Buffer.from(t))).toThrow();
    }
  });
});

describe('git -z output', () => {
  it('numstat with renames and binaries', () => {
    expect(parseNumstatZ('1\t0\t\0old name\0new\tname\0-\t-\tbin\0')).toEqual([
      { path: 'new\tname', oldPath: 'old name', insertions: 1, deletions: 0 },
      { path: 'bin', insertions: null, deletions: null },
    ]);
  });
  it('raw with renames, deletions and submodules', () => {
    const raw = `:100644 100644 ${A} ${B} R090\0a\0b\0:100644 000000 ${A} ${'0'.repeat(40)} D\0gone\0:000000 160000 ${'0'.repeat(40)} ${B} A\0sub\0`;
    expect(parseRawZ(raw)).toEqual([
      { status: 'renamed', oldPath: 'a', path: 'b', oldBlob: A, newBlob: B },
      { status: 'deleted', path: 'gone', oldBlob: A, newBlob: null },
      { status: 'added', path: 'sub', oldBlob: null, newBlob: null },
    ]);
  });
});

describe('getFileDiff input', () => {
  it('takes a commit or a range, not both, and no NUL in paths', () => {
    expect(GetFileDiffInput.safeParse({ sessionId: 's1', commit: A, path: 'x' }).success).toBe(
      true,
    );
    expect(GetFileDiffInput.safeParse({ sessionId: 's1', from: A, to: B, path: 'x' }).success).toBe(
      true,
    );
    expect(
      GetFileDiffInput.safeParse({ sessionId: 's1', commit: A, to: B, path: 'x' }).success,
    ).toBe(false);
    expect(GetFileDiffInput.safeParse({ sessionId: 's1', commit: A, path: 'a\0b' }).success).toBe(
      false,
    );
    expect(GetFileDiffInput.safeParse({ sessionId: 's1', commit: 'HEAD', path: 'x' }).success).toBe(
      false,
    );
  });
});
