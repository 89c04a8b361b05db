/**
 * Text bound for the agent's terminal: it arrives as keystrokes, so any control character in it
 * could end the bracketed paste early, move the cursor, clear the screen or set the clipboard
 * (OSC 52). Every C0 control but tab and line feed, DEL, every C1 control, and the invisible
 * bidi and line-separator characters become visible markers like ⟨U+001B⟩, so nothing is
 * silently lost and nothing acts. CRLF becomes LF first (a CR on its own is marked).
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

export interface Neutralised {
  text: string;
  /** Something was replaced. */
  changed: boolean;
}

export function neutraliseForTerminal(input: string): Neutralised {
  let changed = false;
  const text = input.replace(/\r\n/g, '\n').replace(UNSAFE, (c) => {
    changed = true;
    return `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`;
  });
  return { text, changed };
}
