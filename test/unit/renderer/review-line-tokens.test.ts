/**
 * A diff line's drawing data: syntax tokens by file type, the words that changed against the
 * replaced line, both merged without losing or repeating a character; markup in a line stays
 * text.
 */
import { describe, expect, it } from 'vitest';
import {
  languageOf,
  lineSegments,
  wordChanges,
} from '../../../src/renderer/src/components/review/line-tokens';

describe('review line tokens', () => {
  it('picks a grammar by file type, none for unknown types', () => {
    // Aliases (ts, py) are grammar names to lowlight too.
    expect(languageOf('src/a.ts')).toBe('ts');
    expect(languageOf('src/a.tsx')).toBe('typescript');
    expect(languageOf('x/y.py')).toBe('py');
    expect(languageOf('Makefile')).toBe('makefile');
    expect(languageOf('notes.unknownext')).toBeNull();
  });

  it('marks the changed words on both sides', () => {
    expect(wordChanges('const a = 1;', 'const a = 2;', 'old')).toEqual([[10, 11]]);
    expect(wordChanges('const a = 2;', 'const a = 1;', 'new')).toEqual([[10, 11]]);
    // Everything differs: no marks.
    expect(wordChanges('alpha beta', 'gamma delta', 'new')).toBeNull();
  });

  it('merges tokens and changes, keeping the text whole and markup as text', () => {
    const text = 'const el = "<img src=x onerror=alert(1)>";';
    const segs = lineSegments('typescript', text, 'const el = "<b>";', 'new');
    expect(segs.map((s) => s.text).join('')).toBe(text);
    expect(segs.some((s) => s.cls.includes('hljs-keyword') && s.text === 'const')).toBe(true);
    expect(
      segs
        .filter((s) => s.changed)
        .map((s) => s.text)
        .join(''),
    ).toContain('img');
    for (const s of segs) expect(s.cls).toMatch(/^[a-z_ -]*$/);
  });
});

describe('lines highlighted with their neighbours', () => {
  it('colours the inside of a comment that spans lines', async () => {
    const { highlightLines } =
      await import('../../../src/renderer/src/components/review/line-tokens');
    const lines = ['/**', ' * the middle of a comment', ' */', 'const x = 1;'];
    const toks = highlightLines('typescript', lines)!;
    expect(toks).toHaveLength(4);
    expect(toks.map((l) => l.map((s) => s.text).join(''))).toEqual(lines);
    expect(toks[1]!.every((s) => s.cls.includes('hljs-comment'))).toBe(true);
    expect(toks[3]!.some((s) => s.cls.includes('hljs-keyword'))).toBe(true);
  });
});
