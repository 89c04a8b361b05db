/**
 * A unified diff (as getFileDiff returns it, git's format) turned into rows to draw. The parser
 * is a single pass over the lines (a 5 MB patch parses in tens of milliseconds, where a general
 * diff parser took over 100 ms of main thread); names are taken from git's headers, C-quoted
 * ones unquoted. Drawing is left to React text nodes: file names and lines come from an agent's
 * container and never become markup.
 */

export type RowType = 'insert' | 'delete' | 'context';

export interface DiffRow {
  type: RowType;
  oldNo: number | null;
  newNo: number | null;
  /** The line without its +/-/space prefix. */
  text: string;
  /** The line this one replaces or is replaced by (the k-th of a run of deletions and the
   * k-th insertion after it), for intra-line changes. */
  pair?: string;
  /** The hunk the line is in (its neighbours give the syntax colours their context). */
  block?: DiffBlockModel;
}

/** One side-by-side row: left is the old line, right the new one (either may be empty). */
export interface SplitRow {
  left: DiffRow | null;
  right: DiffRow | null;
}

export interface DiffBlockModel {
  header: string;
  rows: DiffRow[];
}

export interface DiffFileModel {
  oldName: string;
  newName: string;
  renamed: boolean;
  binary: boolean;
  added: number;
  deleted: number;
  blocks: DiffBlockModel[];
}

/** git's C-style quoted path ("a/caf\303\251") → the path; other strings as they are. */
export function unquotePath(s: string): string {
  if (!s.startsWith('"') || !s.endsWith('"') || s.length < 2) return s;
  const bytes: number[] = [];
  const body = s.slice(1, -1);
  const enc = new TextEncoder();
  const ESC: Record<string, number> = {
    n: 10,
    t: 9,
    r: 13,
    b: 8,
    f: 12,
    v: 11,
    a: 7,
    '"': 34,
    '\\': 92,
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(...enc.encode(c));
      continue;
    }
    const n = body[i + 1] ?? '';
    if (/[0-7]/.test(n)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8) & 0xff);
      i += 3;
    } else {
      bytes.push(ESC[n] ?? n.charCodeAt(0));
      i += 1;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** A path from "--- a/x" / "+++ b/x" (prefix dropped; /dev/null kept). */
function headerPath(rest: string): string {
  const p = unquotePath(rest.replace(/\t.*$/, ''));
  return p === '/dev/null' ? p : p.replace(/^[ab]\//, '');
}

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/** Sets `pair` on each deletion and the insertion at the same place in the run after it. */
function pairRuns(rows: DiffRow[]): void {
  let i = 0;
  while (i < rows.length) {
    if (rows[i]!.type === 'context') {
      i++;
      continue;
    }
    const d0 = i;
    while (i < rows.length && rows[i]!.type === 'delete') i++;
    const i0 = i;
    while (i < rows.length && rows[i]!.type === 'insert') i++;
    const n = Math.min(i0 - d0, i - i0);
    for (let k = 0; k < n; k++) {
      rows[d0 + k]!.pair = rows[i0 + k]!.text;
      rows[i0 + k]!.pair = rows[d0 + k]!.text;
    }
  }
}

export function buildDiffModel(patch: string): DiffFileModel[] {
  const steps = diffModelSteps(patch);
  let r = steps.next();
  while (!r.done) r = steps.next();
  return r.value;
}

/**
 * The same parse in steps: it yields after every `linesPerStep` lines, so a caller can spread
 * a 5 MB patch over many short tasks (the page stays responsive while it parses).
 */
export function* diffModelSteps(
  patch: string,
  linesPerStep = 5000,
): Generator<void, DiffFileModel[], void> {
  if (!patch.trim()) return [];
  const files: DiffFileModel[] = [];
  let file: DiffFileModel | null = null;
  let block: DiffBlockModel | null = null;
  let oldNo = 0;
  let newNo = 0;
  let gitNew = '';
  let at = 0;
  let count = 0;
  while (at < patch.length) {
    const nl = patch.indexOf('\n', at);
    const line = nl < 0 ? patch.slice(at) : patch.slice(at, nl);
    at = nl < 0 ? patch.length : nl + 1;
    if (++count % linesPerStep === 0) yield;
    if (line.startsWith('diff --git ')) {
      // "diff --git a/x b/x": names as git wrote them; replaced by ---/+++ or rename lines.
      const m = /^diff --git ("(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|\S+)$/.exec(line);
      // Unquoted names with spaces: "a/x y b/x y" is split in the middle (both names equal).
      const rest = line.slice('diff --git '.length);
      const half = (rest.length - 1) / 2;
      const gitOld = headerPath(m ? m[1]! : rest.slice(0, half));
      gitNew = headerPath(m ? m[2]! : rest.slice(half + 1));
      file = {
        oldName: gitOld,
        newName: gitNew,
        renamed: false,
        binary: false,
        added: 0,
        deleted: 0,
        blocks: [],
      };
      files.push(file);
      block = null;
      continue;
    }
    if (!file) continue;
    if (block) {
      const c = line[0];
      if (c === '+') {
        block.rows.push({ type: 'insert', oldNo: null, newNo: newNo++, text: line.slice(1) });
        file.added++;
        continue;
      }
      if (c === '-') {
        block.rows.push({ type: 'delete', oldNo: oldNo++, newNo: null, text: line.slice(1) });
        file.deleted++;
        continue;
      }
      if (c === ' ' || line === '') {
        block.rows.push({ type: 'context', oldNo: oldNo++, newNo: newNo++, text: line.slice(1) });
        continue;
      }
      if (c === '\\') continue; // "\ No newline at end of file"
    }
    const h = HUNK.exec(line);
    if (h) {
      oldNo = Number(h[1]);
      newNo = Number(h[2]);
      block = { header: line, rows: [] };
      file.blocks.push(block);
      continue;
    }
    block = null;
    if (line.startsWith('--- ')) file.oldName = headerPath(line.slice(4));
    else if (line.startsWith('+++ ')) file.newName = headerPath(line.slice(4));
    else if (line.startsWith('rename from ')) file.oldName = unquotePath(line.slice(12));
    else if (line.startsWith('rename to ')) file.newName = unquotePath(line.slice(10));
    else if (line.startsWith('new file mode')) file.oldName = '/dev/null';
    else if (line.startsWith('deleted file mode')) file.newName = '/dev/null';
    else if (line.startsWith('Binary files ') || line === 'GIT binary patch') file.binary = true;
  }
  for (const f of files) {
    if (f.oldName === '/dev/null' && f.newName === '/dev/null') f.oldName = f.newName = gitNew;
    f.renamed = f.oldName !== f.newName && f.oldName !== '/dev/null' && f.newName !== '/dev/null';
    for (const b of f.blocks) {
      pairRuns(b.rows);
      for (const r of b.rows) r.block = b;
    }
  }
  return files;
}

/** Pairs each run of deletions with the insertions that follow it, for side-by-side view. */
export function toSplitRows(rows: DiffRow[]): SplitRow[] {
  const out: SplitRow[] = [];
  let i = 0;
  while (i < rows.length) {
    const r = rows[i]!;
    if (r.type === 'context') {
      out.push({ left: r, right: r });
      i++;
      continue;
    }
    const dels: DiffRow[] = [];
    const ins: DiffRow[] = [];
    while (i < rows.length && rows[i]!.type === 'delete') dels.push(rows[i++]!);
    while (i < rows.length && rows[i]!.type === 'insert') ins.push(rows[i++]!);
    for (let k = 0; k < Math.max(dels.length, ins.length); k++) {
      out.push({ left: dels[k] ?? null, right: ins[k] ?? null });
    }
  }
  return out;
}
