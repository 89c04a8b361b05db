/**
 * The message review comments make: where each points, the quoted lines, the user's text;
 * session comments last; control characters from quoted code (and the user's text) never reach
 * the agent's terminal, and the message says when some were replaced.
 */
import { describe, expect, it } from 'vitest';
import { composeMessage, NEUTRALISED_NOTE } from '../../../src/main/review/compose';
import { neutraliseForTerminal } from '../../../src/main/review/neutralise-message';
import type { ReviewAnchor, ReviewComment } from '../../../src/shared/schemas/review';

const commit = 'a'.repeat(40);
let n = 0;
function comment(anchor: ReviewAnchor, body: string, quote: string[] = []): ReviewComment {
  n++;
  return {
    id: `comment-${n}0000`,
    sessionId: 'rev-1',
    anchor,
    body,
    quote,
    state: 'draft',
    createdAt: '',
    updatedAt: '',
    outdated: false,
  };
}
const line = (path: string, startLine: number, endLine: number): ReviewAnchor => ({
  kind: 'line',
  path,
  side: 'new',
  startLine,
  endLine,
  commit,
});

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('composeMessage', () => {
  it('lists path:line, path:start-end and path, quoted lines, the text; session comments last', () => {
    const { text, neutralised } = composeMessage([
      comment({ kind: 'session' }, 'Overall: good.'),
      comment(line('src/a.ts', 3, 3), 'Rename this.', ['const x = 1;']),
      comment(line('src/b.ts', 10, 11), 'Why two?', ['a();', '\tb();']),
      comment({ kind: 'file', path: 'docs/x.md', commit }, 'Needs a heading.'),
    ]);
    expect(neutralised).toBe(false);
    expect(text).toBe(
      [
        'Review comments on your changes (4):',
        '## src/a.ts:3\n> const x = 1;\n\nRename this.',
        '## src/b.ts:10-11\n> a();\n> \tb();\n\nWhy two?',
        '## docs/x.md\n\nNeeds a heading.',
        '## General\n\nOverall: good.',
      ].join('\n\n'),
    );
  });

  it('uses the lines where they are now, and says when they changed or went', () => {
    const moved = {
      ...comment(line('a', 3, 4), 'x', ['q']),
      current: { startLine: 9, endLine: 10 },
    };
    const changed = { ...comment(line('a', 3, 3), 'y', ['q']), changedIn: 'b'.repeat(40) };
    const gone = { ...comment(line('a', 5, 5), 'z', ['q']), outdated: true };
    const { text } = composeMessage([moved, changed, gone]);
    expect(text).toContain('## a:9-10\n');
    expect(text).toContain(`## a:3 (changed since, in ${'b'.repeat(12)})`);
    expect(text).toContain('## a:5 (these lines have since been removed)');
  });

  it('neutralises OSC 52 and clear-screen in quoted code and says so', () => {
    const hostile = 'x = "\x1b]52;c;ZWNobyBwd25lZA==\x07"; \x1b[2J\x9b1m';
    const { text, neutralised } = composeMessage([
      comment(line('evil.js', 1, 1), 'What is this?', [hostile]),
    ]);
    expect(neutralised).toBe(true);
    expect(text).not.toMatch(CONTROL);
    expect(text).not.toContain('\x1b');
    expect(text).not.toContain('\x07');
    expect(text).toContain('⟨U+001B⟩]52;c;ZWNobyBwd25lZA==⟨U+0007⟩');
    expect(text).toContain('⟨U+001B⟩[2J');
    expect(text.endsWith(NEUTRALISED_NOTE)).toBe(true);
  });

  it("strips controls from the user's own text too, keeping tabs and line breaks", () => {
    const { text, neutralised } = composeMessage([
      comment({ kind: 'session' }, 'one\r\ntwo\tthree \x1b[201~ four\x00'),
    ]);
    expect(neutralised).toBe(true);
    expect(text).toContain('one\ntwo\tthree ⟨U+001B⟩[201~ four⟨U+0000⟩');
    expect(text).not.toContain(NEUTRALISED_NOTE); // nothing was quoted
  });

  it('neutraliseForTerminal leaves plain text alone', () => {
    expect(neutraliseForTerminal('a\n\tb ü 漢')).toEqual({ text: 'a\n\tb ü 漢', changed: false });
    expect(neutraliseForTerminal('a\rb').text).toBe('a⟨U+000D⟩b');
  });
});
