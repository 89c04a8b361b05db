import { describe, expect, it } from 'vitest';
import { parseJson } from '../../../src/main/config/json-parse';
import { suggestKey } from '../../../src/main/config/suggest';

describe('parseJson', () => {
  it('parses what JSON.parse parses, with key positions', () => {
    const text = '{\n  "a": [1, -2.5e3, true, null],\n  "b": { "c d": "\\u00e9\\n" }\n}';
    const r = parseJson(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual(JSON.parse(text));
    expect(r.positions.get('a')).toEqual({ line: 2, column: 3 });
    expect(r.positions.get('a[1]')).toEqual({ line: 2, column: 12 });
    expect(r.positions.get('b["c d"]')).toEqual({ line: 3, column: 10 });
  });

  it('keeps "__proto__" a plain key', () => {
    const r = parseJson('{"__proto__": {"polluted": true}}');
    expect(r.ok && Object.keys(r.value as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['{"a": 1', 'unexpected end of file; expected "}"', 1, 8],
    ["{'a': 1}", 'expected a property name in double quotes', 1, 2],
    ['{"a": 01}', 'expected "," or "}" after a property value', 1, 8],
    ['{"a": "x\ny"}', 'control character (e.g. a line break) inside a string; use \\n', 1, 9],
    ['{"a": [1,]}', 'trailing comma before "]" is not allowed', 1, 10],
    [
      '{"a": undefined}',
      'expected a value (string, number, object, array, true, false or null)',
      1,
      7,
    ],
    ['{} {}', 'expected the end of the file after the top-level value', 1, 4],
  ])('%j → %s at %i:%i', (text, message, line, column) => {
    expect(parseJson(text)).toEqual({ ok: false, message, line, column });
  });
});

describe('suggestKey', () => {
  const keys = ['dockerImage', 'autoPush', 'autoCreatePR', 'envFile', 'mounts'];
  it.each([
    ['dockerimage', 'dockerImage'],
    ['docker_image', 'dockerImage'],
    ['autopush', 'autoPush'],
    ['autoCreatePr', 'autoCreatePR'],
    ['env_file', 'envFile'],
    ['mount', 'mounts'],
    ['volume', undefined],
    ['x', undefined],
  ])('%s → %s', (input, expected) => {
    expect(suggestKey(input, keys)).toBe(expected);
  });
});
