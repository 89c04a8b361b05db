/**
 * The starting point's host-side pieces: the exclude lines that keep includeIgnored copies
 * ignored in the container match exactly their own path (checked with real git, odd names
 * included), and the pull request text names the user's starting commit.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withStartingPoint } from '../../../src/main/commits/publish';
import { literalIgnore } from '../../../src/main/sessions/starting-point';
import type { SessionInfo } from '../../../src/shared/schemas/session';
import { record } from './records';

describe('literalIgnore', () => {
  it('ignores exactly the named path, whatever characters it has', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccr-ignore-'));
    try {
      execFileSync('git', ['init', '-q'], { cwd: dir });
      const named = [
        '.env',
        'a*b.txt',
        '#x',
        '!y',
        'sp ace ',
        'q?[z].json',
        'back\\slash',
        'd/e f',
      ];
      const others = ['aXb.txt', 'a*b.txtx', 'sp ace', 'qa[z].json', 'x/.env', 'd/e'];
      writeFileSync(
        join(dir, '.git', 'info', 'exclude'),
        named.map((p) => literalIgnore(p)).join('\n') + '\n',
      );
      const ignored = (p: string) => {
        try {
          execFileSync('git', ['check-ignore', '-q', '--no-index', '--', p], { cwd: dir });
          return true;
        } catch {
          return false;
        }
      };
      for (const p of named) expect(ignored(p), p).toBe(true);
      for (const p of others) expect(ignored(p), p).toBe(false);
      expect(literalIgnore('new\nline')).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('withStartingPoint', () => {
  const start = { commit: 'c'.repeat(40), userHead: 'a'.repeat(40) };
  it('names the user’s starting commit in the PR text once, and nothing without one', () => {
    const s: SessionInfo = record('s1', { startingPoint: start });
    const body = withStartingPoint('## Commits\n- agent work\n', s);
    expect(body).toContain(`${'c'.repeat(12)} "Uncommitted changes at session start"`);
    expect(body.startsWith('## Commits\n- agent work\n\n')).toBe(true);
    expect(withStartingPoint(body, s)).toBe(body);
    expect(withStartingPoint('text', record('s1'))).toBe('text');
  });
});
