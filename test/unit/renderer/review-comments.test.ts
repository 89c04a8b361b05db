/**
 * Review comments in the diff: a comment shows under its last line in the view it was written
 * in, at its followed `current` lines in the view of the branch tip, nowhere else; the row
 * model holds the places a row can be commented on; the drawn diff puts the comment (repo text
 * and the user's text as text, never markup) with its badges under the right row, and the
 * editor under the anchored line.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { CommitList } from '../../../src/shared/schemas/commits';
import type { ReviewComment } from '../../../src/shared/schemas/review';
import { followSelection } from '../../../src/renderer/src/components/sessions/review-selection';
import { DiffView } from '../../../src/renderer/src/components/review';
import { Quote } from '../../../src/renderer/src/components/review/CommentThread';
import {
  anchorLabel,
  indexComments,
  lineAnchor,
  lineKey,
  linesInView,
  type ReviewView,
} from '../../../src/renderer/src/components/review/comment-index';
import { buildDiffModel } from '../../../src/renderer/src/components/review/diff-model';
import { rowItems } from '../../../src/renderer/src/components/review/diff-rows';

const C1 = '1'.repeat(40);
const C2 = '2'.repeat(40);
const TIP = '3'.repeat(40);

const patch = [
  'diff --git a/src/a.ts b/src/a.ts',
  'index 1111111..2222222 100644',
  '--- a/src/a.ts',
  '+++ b/src/a.ts',
  '@@ -1,3 +1,3 @@',
  ' keep',
  '-old <b>line</b>',
  '+new <b>line</b>',
  ' end',
  '',
].join('\n');

function comment(over: Partial<ReviewComment> & Pick<ReviewComment, 'anchor'>): ReviewComment {
  return {
    id: 'c-00000001',
    sessionId: 's1',
    body: 'Use <script>alert(1)</script> here?',
    quote: ['new <b>line</b>'],
    state: 'draft',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    outdated: false,
    ...over,
  };
}

const lineOn = (commit: string, side: 'old' | 'new', start: number, end = start) =>
  ({ kind: 'line', path: 'src/a.ts', side, startLine: start, endLine: end, commit }) as const;

const view = (to: string, tip = TIP): ReviewView => ({ to, from: null, tip, path: 'src/a.ts' });

describe('comment anchoring in a view', () => {
  it('uses the anchor lines in the view it was written in', () => {
    const c = comment({ anchor: lineOn(C1, 'new', 2, 3) });
    expect(linesInView(c, view(C1))).toEqual({ side: 'new', start: 2, end: 3 });
    expect(indexComments([c], view(C1)).get(lineKey('src/a.ts', 'new', 3))).toEqual([c]);
  });

  it('uses the followed lines at the tip, and hides the comment in unrelated views', () => {
    const c = comment({ anchor: lineOn(C1, 'new', 2), current: { startLine: 7, endLine: 7 } });
    expect(linesInView(c, view(TIP))).toEqual({ side: 'new', start: 7, end: 7 });
    expect(linesInView(c, view(C2))).toBeNull();
    // Outdated: the lines are gone at the tip, so it does not pretend to sit on line 7 there.
    expect(linesInView({ ...c, outdated: true }, view(TIP))).toBeNull();
    // Another file.
    expect(linesInView(c, { ...view(C1), path: 'src/b.ts' })).toBeNull();
  });

  it('finds an old-side comment of a renamed file by its old path', () => {
    const c = comment({ anchor: { ...lineOn(C1, 'old', 2), oldPath: 'src/was.ts' } });
    expect(linesInView(c, { ...view(C1), oldPath: 'src/was.ts' })).toEqual({
      side: 'old',
      start: 2,
      end: 2,
    });
  });

  it('builds anchors with ordered lines and labels them', () => {
    const a = lineAnchor({ ...view(C1), from: C2 }, { side: 'new', start: 5, end: 3 });
    expect(a).toMatchObject({ startLine: 3, endLine: 5, commit: C1, from: C2, side: 'new' });
    expect(anchorLabel(a)).toBe('src/a.ts:3-5');
    expect(anchorLabel(lineOn(C1, 'old', 4))).toBe('src/a.ts:4 (old)');
    expect(anchorLabel({ kind: 'session' })).toBe('Whole session');
    // A path from the repo cannot disguise itself with a bidi override.
    expect(anchorLabel({ kind: 'file', path: 'notes\u202Etxt.exe', commit: C1 })).toBe(
      'notes⟨U+202E⟩txt.exe (file)',
    );
  });
});

describe('row places', () => {
  const [file] = buildDiffModel(patch);
  it('gives unified rows their side (context rows both)', () => {
    const places = rowItems(file!, 'line').flatMap((it) => (it.kind === 'line' ? [it.places] : []));
    expect(places).toEqual([
      [
        { side: 'new', line: 1 },
        { side: 'old', line: 1 },
      ],
      [{ side: 'old', line: 2 }],
      [{ side: 'new', line: 2 }],
      [
        { side: 'new', line: 3 },
        { side: 'old', line: 3 },
      ],
    ]);
  });
  it('pairs a deletion and an insertion in one side-by-side row', () => {
    const split = rowItems(file!, 'split').filter((it) => it.kind === 'split');
    expect(split).toHaveLength(3);
    expect(split[1]!.places).toEqual([
      { side: 'old', line: 2 },
      { side: 'new', line: 2 },
    ]);
  });
});

describe('comments drawn in the diff', () => {
  for (const mode of ['line', 'split'] as const) {
    it(`shows a comment under its line with badges, as text (${mode})`, () => {
      const c = comment({ anchor: lineOn(C1, 'new', 2), changedIn: C2, state: 'sent' });
      const html = renderToStaticMarkup(
        createElement(DiffView, {
          patch,
          mode,
          review: { sessionId: 's1', view: view(C1), comments: [c], editor: null },
        }),
      );
      expect(html).not.toContain('<script>');
      expect(html).toContain('Use &lt;script&gt;alert(1)&lt;/script&gt; here?');
      expect(html).toContain('changed since 22222222');
      expect(html).toContain('>sent<');
      // Under the new line 2 (after it, before line 3).
      const at = html.indexOf('data-comment-id="c-00000001"');
      expect(at).toBeGreaterThan(html.indexOf('new &lt;b&gt;line&lt;/b&gt;'));
      expect(at).toBeLessThan(html.lastIndexOf('end'));
      expect(html).toContain('Comment on file');
      expect(html).toContain('aria-label="Comment on new line 2"');
    });
  }

  it('opens the editor under the last anchored line, and only there', () => {
    const html = renderToStaticMarkup(
      createElement(DiffView, {
        patch,
        review: {
          sessionId: 's1',
          view: view(C1),
          comments: [],
          editor: { kind: 'new', anchor: lineOn(C1, 'old', 1, 2) },
        },
      }),
    );
    expect(html.match(/data-testid="comment-editor"/g)).toHaveLength(1);
    // The lines' text as shown (syntax tokens and changed words are spans within it).
    const text = html.replace(/<[^>]*>/g, '');
    const at = text.indexOf('Comment on src/a.ts:1-2 (old)');
    expect(at).toBeGreaterThan(text.indexOf('old &lt;b&gt;line&lt;/b&gt;'));
    expect(at).toBeLessThan(text.indexOf('new &lt;b&gt;line&lt;/b&gt;'));
    expect(html).toContain('Comment on src/a.ts:1-2 (old)');
  });

  it('draws no comment controls without a review context', () => {
    const html = renderToStaticMarkup(createElement(DiffView, { patch }));
    expect(html).not.toContain('rd-plus');
    expect(html).not.toContain('Comment on file');
  });
});

describe('quoted repo code in the pending panel', () => {
  it('shows terminal controls in a quote as visible markers, never raw', () => {
    const html = renderToStaticMarkup(
      createElement(Quote, {
        lines: ['x = "\x1b]52;c;ZXZpbA==\x07"', 'clear\x1b[2J', '<b>hi</b>'],
      }),
    );
    expect([...html].filter((ch) => ch < ' ' && ch !== '\n')).toEqual([]);
    expect(html).toContain('&lt;b&gt;hi&lt;/b&gt;');
    expect(html).toContain('⟨U+001B⟩');
  });
});

describe('the review selection follows its commits', () => {
  const c = (hash: string) => ({ hash }) as CommitList['commits'][number];
  const list = (...hashes: string[]) => ({ commits: hashes.map(c) }) as unknown as CommitList;
  it('moves the indexes when a new commit arrives on top', () => {
    const sel = { kind: 'commits', from: 0, to: 1 } as const;
    expect(followSelection(list('b', 'a'), list('c', 'b', 'a'), sel)).toEqual({
      kind: 'commits',
      from: 1,
      to: 2,
    });
  });
  it('leaves it alone when nothing moved, the commits are gone, or it is not commits', () => {
    const sel = { kind: 'commits', from: 0, to: 0 } as const;
    expect(followSelection(list('a'), list('a'), sel)).toBeNull();
    expect(followSelection(list('a'), list('x'), sel)).toBeNull();
    expect(followSelection(list('a'), list('b', 'a'), { kind: 'session' })).toBeNull();
  });
});
