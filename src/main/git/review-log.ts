/**
 * The session's commits as the review list shows them, read from the user's repository
 * (where the import put them). Two git calls whatever the number of commits: one for the
 * metadata, one for per-file numbers. Messages and names are returned as data, unescaped.
 */
import type { CommitSummary } from '../../shared/schemas/commits';
import { AppError } from '../../shared/errors';
import { git } from './host-git';

const HASH = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
export const MAX_LISTED_COMMITS = 5000;

export interface NumstatEntry {
  path: string;
  oldPath?: string;
  /** null = binary. */
  insertions: number | null;
  deletions: number | null;
}

/** Parses `git log -z --numstat --format=%x1e%H` output into per-commit entries. */
export function parseLogNumstat(out: string): Map<string, NumstatEntry[]> {
  const map = new Map<string, NumstatEntry[]>();
  for (const record of out.split('\x1e')) {
    if (!record) continue;
    const end = record.indexOf('\0');
    if (end < 0) continue;
    const hash = record.slice(0, end);
    if (!HASH.test(hash)) continue;
    map.set(hash, parseNumstatZ(record.slice(end + 1).replace(/^\n/, '')));
  }
  return map;
}

/** `--numstat -z` entries: "a\td\tpath\0" or, for renames, "a\td\t\0old\0new\0". */
export function parseNumstatZ(text: string): NumstatEntry[] {
  const tokens = text.split('\0');
  const entries: NumstatEntry[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const m = /^(\d+|-)\t(\d+|-)\t([\s\S]*)$/.exec(t);
    if (!m) continue;
    const insertions = m[1] === '-' ? null : Number(m[1]);
    const deletions = m[2] === '-' ? null : Number(m[2]);
    if (m[3] === '') {
      const oldPath = tokens[i + 1] ?? '';
      const path = tokens[i + 2] ?? '';
      i += 2;
      entries.push({ path, oldPath, insertions, deletions });
    } else {
      entries.push({ path: m[3]!, insertions, deletions });
    }
  }
  return entries;
}

/** Commits on `tip` not reachable from `base` (all of them when base is null), newest first. */
export async function listSessionCommits(
  folder: string,
  tip: string,
  base: string | null,
): Promise<CommitSummary[]> {
  const range = base ? [tip, `^${base}`] : [tip];
  const meta = await git(folder, [
    'log',
    '-z',
    `--max-count=${MAX_LISTED_COMMITS}`,
    '--no-show-signature',
    '--format=%H%x00%P%x00%an%x00%ae%x00%aI%x00%B',
    ...range,
    '--',
  ]);
  const stats = await git(folder, [
    'log',
    '-z',
    `--max-count=${MAX_LISTED_COMMITS}`,
    '--numstat',
    '-M',
    '--no-show-signature',
    '--format=%x1e%H',
    ...range,
    '--',
  ]);
  const byHash = parseLogNumstat(stats.stdout);
  const tokens = meta.stdout.split('\0');
  const commits: CommitSummary[] = [];
  // 6 fields per commit; a commit's record ends with the NUL that -z adds after %B.
  for (let i = 0; i + 5 < tokens.length; i += 6) {
    const [hashRaw, parents, authorName, authorEmail, date, message] = tokens.slice(i, i + 6) as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const hash = hashRaw.replace(/^\n/, '');
    if (!HASH.test(hash)) {
      throw new AppError('git-output', 'could not read the commit list (unexpected git output)');
    }
    const files = byHash.get(hash) ?? [];
    commits.push({
      hash,
      parents: parents.split(' ').filter((p) => HASH.test(p)),
      authorName,
      authorEmail,
      date,
      subject: message.split('\n')[0] ?? '',
      message: message.replace(/\n+$/, ''),
      filesChanged: files.length,
      insertions: files.reduce((n, f) => n + (f.insertions ?? 0), 0),
      deletions: files.reduce((n, f) => n + (f.deletions ?? 0), 0),
    });
  }
  return commits;
}
