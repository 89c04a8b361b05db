/**
 * Names and messages from the container cannot disguise themselves in the review: a file named
 * `notes\u202Etxt.exe` (which a browser would draw as "notesexe.txt") and bidi controls in a
 * commit subject, author or diff line show as visible ⟨U+202E⟩ markers, never as the raw
 * control, in the diff header, the hunk header, the lines and the commit row.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DiffView } from '../../../src/renderer/src/components/review';
import { CommitRow } from '../../../src/renderer/src/components/sessions/ReviewPanel';

const NAME = 'notes\u202Etxt.exe';
const RAW = /[\u202a-\u202e\u2066-\u2069\u200b-\u200f]/;

const patch = [
  `diff --git a/${NAME} b/${NAME}`,
  'index 1111111..2222222 100644',
  `--- a/${NAME}`,
  `+++ b/${NAME}`,
  '@@ -1,2 +1,2 @@ section\u2067x',
  ' keep',
  '-access = "user\u202E \u2066// admin only\u2069 \u2066"',
  '+access = "user"',
  '',
].join('\n');

describe('review text from the container', () => {
  for (const mode of ['line', 'split'] as const) {
    it(`shows bidi controls in file names, hunk headers and lines as markers (${mode})`, () => {
      const html = renderToStaticMarkup(createElement(DiffView, { patch, mode }));
      expect(html).not.toMatch(RAW);
      expect(html).toContain('notes⟨U+202E⟩txt.exe');
      expect(html).toContain('section⟨U+2067⟩x');
      expect(html).toContain('user⟨U+202E⟩ ⟨U+2066⟩// admin only⟨U+2069⟩');
    });
  }

  it('shows a commit subject, message and author neutralised', () => {
    const html = renderToStaticMarkup(
      createElement(CommitRow, {
        commit: {
          hash: 'a'.repeat(40),
          parents: [],
          subject: 'Fix \u202Egnp.exe',
          message: 'Fix \u202Egnp.exe\n\nbody\u200b',
          authorName: 'agent\u2066',
          authorEmail: 'a@example.invalid',
          date: new Date().toISOString(),
          insertions: 1,
          deletions: 0,
        } as never,
        on: false,
        onPick: () => {},
      }),
    );
    expect(html).not.toMatch(RAW);
    expect(html).toContain('Fix ⟨U+202E⟩gnp.exe');
    expect(html).toContain('agent⟨U+2066⟩');
    expect(html).toContain('body⟨U+200B⟩');
  });
});
