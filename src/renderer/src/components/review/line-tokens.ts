/**
 * What a diff line is drawn from: syntax tokens (lowlight, highlight.js's grammars, giving a
 * tree of class names and text, never HTML) merged with the intra-line changes against the
 * line it replaces (jsdiff's word diff). The result is flat segments of text with class names
 * the app chose, drawn as React text nodes. Lines are highlighted one at a time (a virtualised
 * diff draws only what is on screen), so a construct spanning lines (a block comment) is
 * coloured per line; long lines are left plain to keep a row cheap.
 */
import { diffWordsWithSpace } from 'diff';
import { common, createLowlight } from 'lowlight';

const low = createLowlight(common);

/** File extensions (and names) highlight.js does not list as aliases. */
const EXT: Record<string, string> = {
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'typescript',
  htm: 'xml',
  svg: 'xml',
  vue: 'xml',
  toml: 'ini',
  yml: 'yaml',
  zsh: 'bash',
  hpp: 'cpp',
  hh: 'cpp',
  cc: 'cpp',
  makefile: 'makefile',
  gnumakefile: 'makefile',
};

/** The grammar for a path (by extension or name), or null to draw it plain. */
export function languageOf(path: string): string | null {
  const base = (path.split('/').pop() ?? '').toLowerCase();
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot + 1) : base;
  const name = EXT[ext] ?? ext;
  return name && low.registered(name) ? name : null;
}

export interface Segment {
  text: string;
  /** Class names of the token (hljs-*), '' for plain text. */
  cls: string;
  /** Part of what changed within the line. */
  changed: boolean;
}

interface HNode {
  type: string;
  value?: string;
  properties?: { className?: unknown };
  children?: HNode[];
}

function flatten(nodes: readonly HNode[], cls: string, out: Segment[]): void {
  for (const n of nodes) {
    if (n.type === 'text') out.push({ text: n.value ?? '', cls, changed: false });
    else if (n.type === 'element') {
      const own = Array.isArray(n.properties?.className)
        ? (n.properties.className as unknown[]).filter((c) => typeof c === 'string').join(' ')
        : '';
      flatten(n.children ?? [], [cls, own].filter(Boolean).join(' '), out);
    }
  }
}

const MAX_HIGHLIGHT = 1000;
const MAX_WORD_DIFF = 2000;

/** Syntax tokens of one line (one plain segment when there is no grammar or it is long). */
export function highlightLine(lang: string | null, text: string): Segment[] {
  if (!lang || text.length > MAX_HIGHLIGHT || text.length === 0)
    return [{ text, cls: '', changed: false }];
  try {
    const out: Segment[] = [];
    flatten(low.highlight(lang, text).children as HNode[], '', out);
    return out;
  } catch {
    return [{ text, cls: '', changed: false }];
  }
}

/**
 * Syntax tokens of consecutive lines highlighted together (so a comment or string spanning
 * lines is coloured on each of them), split back into one segment list per line. Null when
 * there is no grammar or the text is too long for one go (the caller falls back to lines).
 */
export function highlightLines(lang: string | null, lines: readonly string[]): Segment[][] | null {
  if (!lang || lines.length === 0 || lines.length > MAX_BLOCK_LINES) return null;
  if (lines.some((l) => l.length > MAX_HIGHLIGHT)) return null;
  const flat: Segment[] = [];
  try {
    flatten(low.highlight(lang, lines.join('\n')).children as HNode[], '', flat);
  } catch {
    return null;
  }
  const out: Segment[][] = [[]];
  for (const seg of flat) {
    const parts = seg.text.split('\n');
    parts.forEach((text, i) => {
      if (i > 0) out.push([]);
      if (text) out[out.length - 1]!.push({ text, cls: seg.cls, changed: false });
    });
  }
  return out.length === lines.length ? out : null;
}

/** Hunks up to this many lines per side are highlighted as a whole (about 10 ms of work). */
export const MAX_BLOCK_LINES = 400;

/**
 * The changed ranges [start, end) of `text` against `pair` (the other side's line), or null
 * when nothing useful can be marked: no pair, too long, or most of the line differs.
 */
export function wordChanges(
  text: string,
  pair: string | undefined,
  side: 'old' | 'new',
): Array<[number, number]> | null {
  if (pair === undefined || text.length > MAX_WORD_DIFF || pair.length > MAX_WORD_DIFF) return null;
  const parts = side === 'old' ? diffWordsWithSpace(text, pair) : diffWordsWithSpace(pair, text);
  const ranges: Array<[number, number]> = [];
  let at = 0;
  let changed = 0;
  for (const p of parts) {
    const mine = side === 'old' ? !p.added : !p.removed;
    if (!mine) continue;
    const mark = side === 'old' ? p.removed : p.added;
    if (mark) {
      ranges.push([at, at + p.value.length]);
      changed += p.value.trim().length;
    }
    at += p.value.length;
  }
  // A line rewritten throughout reads better without a mark on nearly every word.
  if (ranges.length === 0 || changed > 0.7 * text.trim().length) return null;
  return ranges;
}

/** Splits syntax segments at the changed ranges' edges and marks the changed parts. */
export function markChanges(segs: Segment[], ranges: Array<[number, number]> | null): Segment[] {
  if (!ranges) return segs;
  const out: Segment[] = [];
  let pos = 0;
  let r = 0;
  for (const s of segs) {
    let i = 0;
    while (i < s.text.length) {
      while (r < ranges.length && ranges[r]![1] <= pos + i) r++;
      const range = ranges[r];
      const inside = range !== undefined && range[0] <= pos + i;
      const stop = range === undefined ? s.text.length : (inside ? range[1] : range[0]) - pos;
      const end = Math.min(s.text.length, Math.max(stop, i + 1));
      out.push({ text: s.text.slice(i, end), cls: s.cls, changed: inside });
      i = end;
    }
    pos += s.text.length;
  }
  return out;
}

/** The segments of one diff line: its tokens with what changed against its pair marked. */
export function lineSegments(
  lang: string | null,
  text: string,
  pair: string | undefined,
  side: 'old' | 'new',
): Segment[] {
  return markChanges(highlightLine(lang, text), wordChanges(text, pair, side));
}
