/**
 * The one message a batch of review comments makes for the agent: for each comment where it
 * points (`path:line`, `path:start-end`, or `path`), the quoted lines, then the user's text;
 * comments on the session as a whole come last. Quoted code and the user's text both pass
 * through neutraliseForTerminal (the message is typed into a terminal); the message says so when
 * quoted code lost something.
 */
import type { ReviewComment } from '../../shared/schemas/review';
import { neutraliseForTerminal } from './neutralise-message';

export const NEUTRALISED_NOTE =
  'Note: control characters in the quoted code were replaced by ⟨U+XXXX⟩ markers.';

export interface Composed {
  text: string;
  neutralised: boolean;
}

/** `path:line`, `path:start-end` or `path`; the lines are where they are at the tip now. */
export function locationOf(c: ReviewComment): string {
  const a = c.anchor;
  if (a.kind === 'session') return 'the session as a whole';
  if (a.kind === 'file') return a.path;
  const { startLine, endLine } = c.current ?? a;
  const lines = startLine === endLine ? `${startLine}` : `${startLine}-${endLine}`;
  const path = a.side === 'old' ? (a.oldPath ?? a.path) : a.path;
  const notes: string[] = [];
  if (a.side === 'old' && !c.current) notes.push(`old side, before ${a.commit.slice(0, 12)}`);
  if (c.outdated) notes.push('these lines have since been removed');
  else if (c.changedIn) notes.push(`changed since, in ${c.changedIn.slice(0, 12)}`);
  return `${path}:${lines}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

export function composeMessage(comments: readonly ReviewComment[]): Composed {
  let quotedChanged = false;
  let bodyChanged = false;
  const anchored = comments.filter((c) => c.anchor.kind !== 'session');
  const general = comments.filter((c) => c.anchor.kind === 'session');
  const parts: string[] = [
    comments.length === 1
      ? 'Review comment on your changes:'
      : `Review comments on your changes (${comments.length}):`,
  ];
  for (const c of anchored) {
    const block = [`## ${neutraliseForTerminal(locationOf(c)).text}`];
    for (const line of c.quote) {
      const n = neutraliseForTerminal(line);
      quotedChanged ||= n.changed;
      block.push(`> ${n.text}`);
    }
    const body = neutraliseForTerminal(c.body.trim());
    bodyChanged ||= body.changed;
    block.push('', body.text);
    parts.push(block.join('\n'));
  }
  if (general.length) {
    const bodies = general.map((c) => {
      const body = neutraliseForTerminal(c.body.trim());
      bodyChanged ||= body.changed;
      return body.text;
    });
    parts.push(['## General', ...bodies].join('\n\n'));
  }
  if (quotedChanged) parts.push(NEUTRALISED_NOTE);
  return { text: parts.join('\n\n'), neutralised: quotedChanged || bodyChanged };
}
