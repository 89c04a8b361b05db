/**
 * Parser for `envFile` (.env): `KEY=VALUE` lines, `#` comments, blank lines, an optional
 * `export ` prefix, single quotes (literal) and double quotes (with \n, \t, \" escapes), both of
 * which may span lines. Errors carry line numbers and never echo a value: the file holds secrets.
 */
import { ENV_NAME } from '../../shared/config-formats';

export interface EnvFileError {
  line: number;
  message: string;
}

export interface EnvFileResult {
  vars: Record<string, string>;
  errors: EnvFileError[];
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$' };

export function parseEnvFile(text: string): EnvFileResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const vars: Record<string, string> = {};
  const errors: EnvFileError[] = [];
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i]!;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const body = raw.trimStart().replace(/^export\s+/, '');
    const eq = body.indexOf('=');
    if (eq < 0) {
      errors.push({ line: lineNo, message: 'expected KEY=VALUE, but the line has no "="' });
      continue;
    }
    const name = body.slice(0, eq).trim();
    if (!ENV_NAME.test(name)) {
      errors.push({
        line: lineNo,
        message:
          'the name before "=" is not a valid variable name (letters, digits and _, not starting with a digit)',
      });
      continue;
    }
    let rest = body.slice(eq + 1).trimStart();
    const quote = rest[0];
    if (quote !== '"' && quote !== "'") {
      // Unquoted: a " #" starts a comment; surrounding blanks are not part of the value.
      vars[name] = rest.replace(/\s+#.*$/, '').trimEnd();
      continue;
    }
    // Quoted: read until the matching quote, across lines if needed.
    let value = '';
    let j = 1;
    const startLine = lineNo;
    let closed = false;
    for (;;) {
      while (j < rest.length) {
        const c = rest[j]!;
        if (c === quote) {
          closed = true;
          break;
        }
        if (quote === '"' && c === '\\' && j + 1 < rest.length) {
          const e = rest[j + 1]!;
          value += ESCAPES[e] ?? `\\${e}`;
          j += 2;
          continue;
        }
        value += c;
        j++;
      }
      if (closed || i + 1 >= lines.length) break;
      value += '\n';
      i++;
      rest = lines[i]!;
      j = 0;
    }
    if (!closed) {
      errors.push({
        line: startLine,
        message: `the ${quote === '"' ? 'double' : 'single'} quote opened here is never closed`,
      });
      break;
    }
    const after = rest.slice(j + 1).trim();
    if (after !== '' && !after.startsWith('#')) {
      errors.push({ line: i + 1, message: 'unexpected text after the closing quote' });
      continue;
    }
    vars[name] = value;
  }
  return { vars, errors };
}
