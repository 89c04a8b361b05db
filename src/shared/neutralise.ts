/**
 * Text from a repository or a container, made safe to show as it is: control characters (other
 * than line breaks), C1 controls, and the invisible bidi and line-separator characters that can
 * make shown text read differently from what it is ("Trojan Source") become visible markers like
 * ⟨U+202E⟩. Tabs become two spaces. Every place the UI shows such text (file lists, diff headers
 * and lines, commit subjects and messages, branch and session names) goes through here. The CLI
 * has its own clean() (a plain "?" for terminals).
 */
const HIDDEN =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

export function neutralise(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .replace(/\t/g, '  ')
    .replace(HIDDEN, (c) => `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

/** For one line (a file name, branch, subject): a line break shows as a marker too. */
export function neutraliseLine(text: string): string {
  return neutralise(text).replace(/\n/g, '⟨U+000A⟩');
}
