/**
 * The review's diff drawing with hostile input: file names and lines from the container come
 * out as text (escaped), never as markup; renames, binaries and side-by-side pairing are right.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DiffView } from '../../../src/renderer/src/components/review';
import {
  buildDiffModel,
  toSplitRows,
} from '../../../src/renderer/src/components/review/diff-model';

const EVIL = '<img src=x onerror=alert(1)>';
const patch = [
  `diff --git a/${EVIL} b/${EVIL}`,
  'index 1111111..2222222 100644',
  `--- a/${EVIL}`,
  `+++ b/${EVIL}`,
  '@@ -1,3 +1,3 @@ <script>alert("hunk")</script>',
  ' keep',
  '-<script>alert("old")</script>',
  '+<b onclick="x()">new</b>',
  ' end',
  '',
].join('\n');

describe('DiffView', () => {
  for (const mode of ['line', 'split'] as const) {
    it(`escapes names, hunk headers and lines (${mode})`, () => {
      const html = renderToStaticMarkup(createElement(DiffView, { patch, mode }));
      expect(html).not.toMatch(/<img|<script|<b /);
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(html).toContain('&lt;script&gt;alert(&quot;old&quot;)&lt;/script&gt;');
      expect(html).toContain('&lt;b onclick=&quot;x()&quot;&gt;new&lt;/b&gt;');
    });
  }

  it('labels renames and binaries', () => {
    const rename =
      'diff --git a/old.txt b/new.txt\nsimilarity index 100%\nrename from old.txt\nrename to new.txt\n';
    const [r] = buildDiffModel(rename);
    expect(r).toMatchObject({ oldName: 'old.txt', newName: 'new.txt', renamed: true });
    const html = renderToStaticMarkup(createElement(DiffView, { patch: rename }));
    expect(html).toContain('old.txt → new.txt');
    const bin =
      'diff --git a/p.png b/p.png\nindex 1..2 100644\nBinary files a/p.png and b/p.png differ\n';
    expect(buildDiffModel(bin)[0]).toMatchObject({ binary: true, blocks: [] });
  });

  it('pairs deletions with insertions side by side, with line numbers', () => {
    const rows = buildDiffModel(patch)[0]!.blocks[0]!.rows;
    expect(rows.map((r) => [r.type, r.oldNo, r.newNo])).toEqual([
      ['context', 1, 1],
      ['delete', 2, null],
      ['insert', null, 2],
      ['context', 3, 3],
    ]);
    const split = toSplitRows(rows);
    expect(split).toHaveLength(3);
    expect(split[1]!.left!.text).toBe('<script>alert("old")</script>');
    expect(split[1]!.right!.text).toBe('<b onclick="x()">new</b>');
  });
});
