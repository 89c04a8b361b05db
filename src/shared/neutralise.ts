/**
 * Text from a repository or a container, made safe to show as it is: control characters (other
 * than line breaks), C1 controls, and the invisible bidi and line-separator characters that can
 * make shown text read differently from what it is ("Trojan Source") become visible markers like
 * ⟨U+202E⟩. Tabs become two spaces. The CLI has its own clean() (a plain "?" for terminals).
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
