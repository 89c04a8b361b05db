/**
 * Bytes from a container on the user's own terminal. Outside the deliberate attached-terminal
 * mode, the agent must not be able to drive the user's terminal: OSC 52 writes the clipboard,
 * OSC 8 plants links, OSC 0/2 change the title, CSI sequences clear or repaint the screen, and
 * a bare carriage return overwrites what was printed. Only SGR (colours and styles) passes;
 * every other control is printed visibly (caret notation, or <U+XXXX> for C1 controls and
 * bidi overrides, which reorder what is shown).
 */
import { StringDecoder } from 'node:string_decoder';

/** A CSI sequence that only sets colours/styles: ESC [ digits and ; or : then m. */
// eslint-disable-next-line no-control-regex
const SGR = /^\x1b\[[0-9;:]{0,64}m/;
/** An ESC that may still become an SGR once the next chunk arrives. */
// eslint-disable-next-line no-control-regex
const PARTIAL_SGR = /^\x1b(?:\[[0-9;:]{0,64})?$/;
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function visible(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
  if (code === 0x7f) return '^?';
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** One complete piece of text made safe; an unfinished escape at its end is shown too. */
export function terminalSafe(text: string): string {
  return scan(text.replace(/\r\n/g, '\n'), true).out;
}

function scan(text: string, final: boolean): { out: string; rest: string } {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\x1b') {
      const tail = text.slice(i, i + 80);
      const sgr = SGR.exec(tail);
      if (sgr) {
        out += sgr[0];
        i += sgr[0].length;
        continue;
      }
      if (!final && PARTIAL_SGR.test(text.slice(i))) return { out, rest: text.slice(i) };
    }
    // A lone CR would let later text overwrite earlier text; CR LF is a plain line end.
    if (ch === '\r') {
      if (text[i + 1] === '\n') {
        i++;
        continue;
      }
      if (!final && i === text.length - 1) return { out, rest: '\r' };
      out += '\n';
      i++;
      continue;
    }
    out += UNSAFE.test(ch) ? visible(ch) : ch;
    i++;
  }
  return { out, rest: '' };
}

export interface TerminalFilter {
  /** The safe text for this chunk (an escape or UTF-8 character cut at its end is held back). */
  write(chunk: Buffer | string): string;
  /** Whatever was held back, made safe. */
  end(): string;
}

/** For a stream: keeps escape sequences and UTF-8 characters whole across chunk boundaries. */
export function createTerminalFilter(): TerminalFilter {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  return {
    write(chunk) {
      const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
      const r = scan(text, false);
      rest = r.rest;
      return r.out;
    },
    end() {
      const text = rest + decoder.end();
      rest = '';
      return scan(text, true).out;
    },
  };
}
