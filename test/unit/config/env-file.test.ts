import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseEnvFile } from '../../../src/main/config/env-file';
import { makeFixture, type Fixture } from './fixture';

describe('parseEnvFile', () => {
  it('reads KEY=VALUE lines with comments, quotes, export prefixes and blanks', () => {
    const text = [
      '# a comment',
      '',
      'PLAIN=value',
      'export EXPORTED=yes',
      '  SPACED = padded value   ',
      'INLINE=abc # trailing comment',
      'HASH=a#b',
      'DQ="double # not a comment"',
      "SQ='single $HOME \\n literal'",
      'ESC="line1\\nline2\\t\\"q\\""',
      'EMPTY=',
      'MULTI="first',
      'second"',
      'EQ=a=b=c',
    ].join('\r\n');
    const r = parseEnvFile(text);
    expect(r.errors).toEqual([]);
    expect(r.vars).toEqual({
      PLAIN: 'value',
      EXPORTED: 'yes',
      SPACED: 'padded value',
      INLINE: 'abc',
      HASH: 'a#b',
      DQ: 'double # not a comment',
      SQ: 'single $HOME \\n literal',
      ESC: 'line1\nline2\t"q"',
      EMPTY: '',
      MULTI: 'first\nsecond',
      EQ: 'a=b=c',
    });
  });

  it('reports bad lines by number and never echoes a value', () => {
    const secret = 'sk-ant-very-secret';
    const r = parseEnvFile(
      [
        'GOOD=1',
        secret,
        `1BAD=${secret}`,
        `TRAIL="${secret}" junk`,
        `OPEN="${secret}`,
        'AFTER=2',
      ].join('\n'),
    );
    expect(r.errors).toEqual([
      { line: 2, message: 'expected KEY=VALUE, but the line has no "="' },
      {
        line: 3,
        message: expect.stringMatching(/^the name before "=" is not a valid variable name/),
      },
      { line: 4, message: 'unexpected text after the closing quote' },
      { line: 5, message: 'the double quote opened here is never closed' },
    ]);
    expect(JSON.stringify(r.errors)).not.toContain(secret);
    expect(r.vars).toEqual({ GOOD: '1' });
  });
});

describe('envFile in loadConfig', () => {
  let fx: Fixture;
  beforeEach(() => {
    fx = makeFixture();
  });
  afterEach(() => fx.cleanup());

  it('parses the envFile into envFileVars', async () => {
    fx.write('project/.env', 'export API_KEY="abc"\nDEBUG=1\n');
    fx.projectConfig({ envFile: '.env' });
    const r = await fx.load();
    expect(r).toMatchObject({ ok: true, config: { envFileVars: { API_KEY: 'abc', DEBUG: '1' } } });
  });

  it('fails with the envFile path and line numbers for bad lines', async () => {
    const envFile = fx.write('project/.env', 'OK=1\nsecretwithoutequals\n');
    fx.projectConfig({ envFile: '.env' });
    const r = await fx.load();
    expect(r).toEqual({
      ok: false,
      issues: [
        {
          file: envFile,
          path: 'envFile',
          line: 2,
          message: 'line 2: expected KEY=VALUE, but the line has no "="',
        },
      ],
    });
  });
});
