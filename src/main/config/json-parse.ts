/**
 * A strict JSON parser that reports where things are. JSON.parse's messages in Node 20 have no
 * line/column and quote the surrounding text (which may hold a secret); this one says what was
 * expected at which line and column, records the position of every key so schema errors can
 * point at them too, and flags duplicate keys (JSON.parse silently keeps the last one).
 */

export interface Position {
  line: number;
  column: number;
}

export type JsonParseResult =
  | { ok: true; value: unknown; positions: Map<string, Position>; duplicates: string[] }
  | { ok: false; message: string; line: number; column: number };

class JsonError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

/** `mounts[1].target`: the key path format used in every config issue. */
export function joinPath(parent: string, segment: string | number): string {
  if (typeof segment === 'number') return `${parent}[${segment}]`;
  const safe = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment) ? segment : JSON.stringify(segment);
  if (parent === '') return safe;
  return safe.startsWith('"') ? `${parent}[${safe}]` : `${parent}.${safe}`;
}

export function positionAt(text: string, index: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: index - lineStart + 1 };
}

export function parseJson(text: string): JsonParseResult {
  const p = new Parser(text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text);
  try {
    p.ws();
    if (p.i >= p.s.length)
      throw new JsonError('the file is empty; expected a JSON object { … }', 0);
    const value = p.value('');
    p.ws();
    if (p.i < p.s.length)
      throw new JsonError('expected the end of the file after the top-level value', p.i);
    const positions = new Map<string, Position>();
    for (const [path, index] of p.positions) positions.set(path, positionAt(text, index));
    return { ok: true, value, positions, duplicates: p.duplicates };
  } catch (err) {
    if (!(err instanceof JsonError)) throw err;
    return { ok: false, message: err.message, ...positionAt(text, err.index) };
  }
}

class Parser {
  i = 0;
  readonly positions = new Map<string, number>();
  readonly duplicates: string[] = [];
  constructor(readonly s: string) {}

  ws(): void {
    for (;;) {
      const c = this.s[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.i++;
      else if (c === '/' && (this.s[this.i + 1] === '/' || this.s[this.i + 1] === '*'))
        throw new JsonError('comments are not allowed in JSON', this.i);
      else return;
    }
  }

  value(path: string): unknown {
    const c = this.s[this.i];
    if (c === '{') return this.object(path);
    if (c === '[') return this.array(path);
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    if (c === undefined) throw new JsonError('unexpected end of file; expected a value', this.i);
    if (c === "'") throw new JsonError('strings must use double quotes (")', this.i);
    throw new JsonError(
      'expected a value (string, number, object, array, true, false or null)',
      this.i,
    );
  }

  object(path: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') {
        const msg =
          this.s[this.i] === '}'
            ? 'trailing comma before "}" is not allowed'
            : this.i >= this.s.length
              ? 'unexpected end of file; expected a property name or "}"'
              : 'expected a property name in double quotes';
        throw new JsonError(msg, this.i);
      }
      const keyIndex = this.i;
      const key = this.string();
      const keyPath = joinPath(path, key);
      if (Object.prototype.hasOwnProperty.call(out, key)) this.duplicates.push(keyPath);
      this.positions.set(keyPath, keyIndex);
      this.ws();
      if (this.s[this.i] !== ':')
        throw new JsonError(`expected ":" after the property name`, this.i);
      this.i++;
      this.ws();
      // defineProperty: a "__proto__" key must stay a plain key, never touch the prototype.
      Object.defineProperty(out, key, {
        value: this.value(keyPath),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.ws();
      const c = this.s[this.i];
      if (c === ',') this.i++;
      else if (c === '}') {
        this.i++;
        return out;
      } else if (c === undefined)
        throw new JsonError('unexpected end of file; expected "}"', this.i);
      else throw new JsonError('expected "," or "}" after a property value', this.i);
    }
  }

  array(path: string): unknown[] {
    const out: unknown[] = [];
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] === ']')
        throw new JsonError('trailing comma before "]" is not allowed', this.i);
      const elementPath = joinPath(path, out.length);
      this.positions.set(elementPath, this.i);
      out.push(this.value(elementPath));
      this.ws();
      const c = this.s[this.i];
      if (c === ',') this.i++;
      else if (c === ']') {
        this.i++;
        return out;
      } else if (c === undefined)
        throw new JsonError('unexpected end of file; expected "]"', this.i);
      else throw new JsonError('expected "," or "]" after an array element', this.i);
    }
  }

  string(): string {
    const start = this.i;
    this.i++;
    let out = '';
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) throw new JsonError('unterminated string', start);
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c < ' ')
        throw new JsonError(
          'control character (e.g. a line break) inside a string; use \\n',
          this.i,
        );
      if (c !== '\\') {
        out += c;
        this.i++;
        continue;
      }
      const e = this.s[this.i + 1];
      const simple: Record<string, string> = {
        '"': '"',
        '\\': '\\',
        '/': '/',
        b: '\b',
        f: '\f',
        n: '\n',
        r: '\r',
        t: '\t',
      };
      if (e !== undefined && simple[e] !== undefined) {
        out += simple[e];
        this.i += 2;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.s.slice(this.i + 2, this.i + 6))) {
        out += String.fromCharCode(parseInt(this.s.slice(this.i + 2, this.i + 6), 16));
        this.i += 6;
      } else throw new JsonError('invalid escape sequence in string', this.i);
    }
  }

  number(): number {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 400));
    if (!m || m[0] === '-') throw new JsonError('invalid number', this.i);
    this.i += m[0].length;
    return Number(m[0]);
  }
}
