/**
 * A unified diff (as getFileDiff returns it) turned into rows to draw, using diff2html's parser.
 * Only the parser is used: diff2html's HTML renderers build markup from strings, and the file
 * names and lines here come from an agent's container, so drawing is left to React text nodes.
 */
import { parse } from 'diff2html';

export type RowType = 'insert' | 'delete' | 'context';

export interface DiffRow {
  type: RowType;
  oldNo: number | null;
  newNo: number | null;
  /** The line without its +/-/space prefix. */
  text: string;
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

export function buildDiffModel(patch: string): DiffFileModel[] {
  if (!patch.trim()) return [];
  return parse(patch).map((f) => ({
    oldName: f.oldName,
    newName: f.newName,
    renamed:
      Boolean(f.isRename) ||
      (f.oldName !== f.newName && f.oldName !== '/dev/null' && f.newName !== '/dev/null'),
    binary: Boolean(f.isBinary),
    added: f.addedLines,
    deleted: f.deletedLines,
    // diff2html gives a binary file one empty "Binary file" block: keep only blocks with lines.
    blocks: f.blocks
      .filter((b) => b.lines.length > 0)
      .map((b) => ({
        header: b.header,
        rows: b.lines.map((l) => ({
          type: l.type as RowType,
          oldNo: l.oldNumber ?? null,
          newNo: l.newNumber ?? null,
          text: l.content.slice(1),
        })),
      })),
  }));
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
