import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { ago, clean, formatError, table, useColor } from '../../../src/cli/commands/output';
import { parseTail } from '../../../src/cli/commands/logs';
import { branchFor } from '../../../src/cli/commands/start';
import { matchTarget, scopeLabels, type Target } from '../../../src/cli/commands/targets';

describe('table', () => {
  it('aligns columns by their widest cell, ignoring color codes', () => {
    const out = table(
      ['ID', 'NAME', 'STATUS'],
      [
        ['abc', 'short', '\x1b[32mrunning\x1b[0m'],
        ['abcdef123456', 'a-much-longer-name', 'stopped'],
      ],
    );
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('ID            NAME                STATUS');
    expect(lines[2]).toBe('abcdef123456  a-much-longer-name  stopped');
    expect(lines[1]!.indexOf('\x1b[32m')).toBe(lines[0]!.indexOf('STATUS'));
  });
});

describe('color', () => {
  const tty = { isTTY: true } as never;
  it('is off with NO_COLOR, on a pipe and with TERM=dumb; on for a TTY', () => {
    expect(useColor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(useColor({ isTTY: false } as never, {})).toBe(false);
    expect(useColor(tty, { TERM: 'dumb' })).toBe(false);
    expect(useColor(tty, { TERM: 'xterm' })).toBe(true);
  });
});

describe('formatError', () => {
  it('prints an AppError as one error line and one hint line', () => {
    expect(formatError(new AppError('internal', 'it broke', 'do this'))).toBe(
      'error: it broke\nhint: do this\n',
    );
  });
  it('never prints a stack trace for an unexpected error', () => {
    const e = new Error('boom\n    at somewhere (file.js:1:1)');
    const text = formatError(e);
    expect(text).toContain('error: boom');
    expect(text).not.toContain('at somewhere');
  });
  it('names the one item that failed, cleans what an engine said, and keeps the hint', () => {
    expect(
      formatError(new Error('no such container\x1b[2J\nmore'), undefined, 'could not stop abc'),
    ).toBe('error: could not stop abc: no such container?[2J\n');
    expect(
      formatError(
        new AppError('internal', 'it broke', 'do this'),
        undefined,
        'could not remove abc',
      ),
    ).toBe('error: could not remove abc: it broke\nhint: do this\n');
  });
});

describe('small parsers', () => {
  it('ago', () => {
    const now = new Date('2026-01-01T12:00:00Z');
    expect(ago(new Date('2026-01-01T11:59:59Z'), now)).toBe('1 second ago');
    expect(ago(new Date('2026-01-01T10:00:00Z'), now)).toBe('2 hours ago');
    expect(ago(null, now)).toBe('-');
  });
  it('clean strips control characters from outside text', () => {
    expect(clean('name\x1b[2Jx\n')).toBe('name?[2Jx?');
  });
  it('parseTail takes a count or "all", refuses anything else', () => {
    expect(parseTail(undefined)).toBe(50);
    expect(parseTail('7')).toBe(7);
    expect(parseTail('all')).toBe(-1);
    expect(() => parseTail('-3')).toThrow(/--tail wants a number/);
    expect(() => parseTail('5; rm')).toThrow(AppError);
  });
  it('branchFor: --name makes claude/<name>, --branch is taken as is, both is refused', () => {
    expect(branchFor({})).toBeUndefined();
    expect(branchFor({ name: 'main-dev' })).toBe('claude/main-dev');
    expect(branchFor({ branch: 'feature/x' })).toBe('feature/x');
    expect(() => branchFor({ name: 'a', branch: 'b' })).toThrow(/either --name or --branch/);
    expect(() => branchFor({ name: '--upload-pack=x' })).toThrow(/not a usable session name/);
  });
  it('scopeLabels', () => {
    expect(scopeLabels({})).toEqual({});
    expect(scopeLabels({ CCR_SCOPE_LABEL: 'team=blue' })).toEqual({ team: 'blue' });
    expect(() => scopeLabels({ CCR_SCOPE_LABEL: '=x' })).toThrow(/not a label/);
  });
});

describe('matchTarget', () => {
  const t = (containerId: string | null, sessionId: string | null, name: string): Target => ({
    containerId,
    sessionId,
    session: null,
    name,
    branch: `claude/${name}`,
    folder: '/r',
    status: 'running',
    running: true,
    created: null,
    foreign: false,
  });
  const targets = [t('abc111', 's1', 'one'), t('abc222', 's2', 'two'), t(null, 'gone1', 'three')];
  it('finds by id prefix, session id, name or branch', () => {
    expect(matchTarget(targets, 'abc2').name).toBe('two');
    expect(matchTarget(targets, 's1').name).toBe('one');
    expect(matchTarget(targets, 'three').sessionId).toBe('gone1');
    expect(matchTarget(targets, 'claude/two').name).toBe('two');
  });
  it('refuses an ambiguous prefix, naming the candidates', () => {
    expect(() => matchTarget(targets, 'abc')).toThrow(/matches 2 containers: abc111, abc222/);
  });
  it('says how to find ids when nothing matches', () => {
    try {
      matchTarget(targets, 'zzz');
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).hint).toContain('claude-run list --all');
    }
  });
});
