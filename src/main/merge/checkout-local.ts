/**
 * Files the merge changed that the user has already changed the same way. The usual case: a
 * session that started from uncommitted edits carries them as its first commit, so after the
 * merge the user's work tree holds exactly what the branch now has. Such a file is not in the
 * way of "Update my checkout": its index entry is set to the merged one (what the update would
 * do) and the work tree file is left alone. Anything else of theirs still blocks.
 */
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { git } from '../git/host-git';

const LITERAL = { GIT_LITERAL_PATHSPECS: '1' };

interface TreeEntry {
  mode: string;
  oid: string;
}

/** `ls-tree -z` / `ls-files -s -z` lines into path → entry (stage 0 only for the index). */
function entries(out: string, index: boolean): Map<string, TreeEntry> {
  const map = new Map<string, TreeEntry>();
  for (const rec of out.split('\0')) {
    const tab = rec.indexOf('\t');
    if (tab < 0) continue;
    const f = rec.slice(0, tab).split(' ');
    const path = rec.slice(tab + 1);
    if (index) {
      if (f[2] === '0') map.set(path, { mode: f[0]!, oid: f[1]! });
      else map.set(path, { mode: 'conflict', oid: '' });
    } else map.set(path, { mode: f[0]!, oid: f[2]! });
  }
  return map;
}

const same = (a: TreeEntry | undefined, b: TreeEntry | undefined) =>
  a === b || (!!a && !!b && a.mode === b.mode && a.oid === b.oid);

/**
 * Of `paths` (touched by from..to and changed locally), those whose work tree already matches
 * `to` (content and executable bit, or absent where `to` deleted it) and whose index holds the
 * `from` or the `to` version; with the index lines that make them `to`'s.
 */
export async function alreadyMerged(
  worktree: string,
  from: string,
  to: string,
  paths: string[],
): Promise<{ paths: Set<string>; indexInfo: string }> {
  const ok = new Set<string>();
  const lines: string[] = [];
  const safe = paths.filter((p) => !p.includes('\n'));
  if (safe.length === 0) return { paths: ok, indexInfo: '' };
  const opts = { env: LITERAL };
  const fromTree = entries(
    (await git(worktree, ['ls-tree', '-z', from, '--', ...safe], opts)).stdout,
    false,
  );
  const toTree = entries(
    (await git(worktree, ['ls-tree', '-z', to, '--', ...safe], opts)).stdout,
    false,
  );
  const index = entries(
    (await git(worktree, ['ls-files', '-s', '-z', '--', ...safe], opts)).stdout,
    true,
  );
  for (const p of safe) {
    const want = toTree.get(p);
    const have = index.get(p);
    if (!(same(have, fromTree.get(p)) || same(have, want))) continue;
    const st = await lstat(join(worktree, p)).catch(() => null);
    if (!want) {
      if (st) continue;
      ok.add(p);
      if (have) lines.push(`0 ${'0'.repeat(have.oid.length)}\t${p}\0`);
      continue;
    }
    if (!st?.isFile() || (want.mode !== '100644' && want.mode !== '100755')) continue;
    if ((want.mode === '100755') !== ((st.mode & 0o111) !== 0)) continue;
    // The content as `git add` would store it (the repo's clean filters and line endings apply).
    const h = await git(worktree, ['hash-object', '--', p], { allowFailure: true, env: LITERAL });
    if (h.exitCode !== 0 || h.stdout.trim() !== want.oid) continue;
    ok.add(p);
    if (!same(have, want)) lines.push(`${want.mode} ${want.oid}\t${p}\0`);
  }
  // NUL-terminated records, for `update-index -z --index-info`.
  return { paths: ok, indexInfo: lines.join('') };
}
