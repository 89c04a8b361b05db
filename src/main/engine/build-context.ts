/**
 * Packs a build context folder into a tar stream, honouring .dockerignore (Docker's rules:
 * `#` comments, `!` re-includes, `*`, `?`, `**`, a matched folder drops all it holds). The
 * Dockerfile itself is always sent, as the Docker CLI does.
 */
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { readRegularText } from '../config/safe-read';

interface IgnoreRule {
  re: RegExp;
  negate: boolean;
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        // "**/" matches zero or more folders; a trailing "**" matches everything below.
        i++;
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function parseDockerignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1).trim();
    line = posix.normalize(line).replace(/^\/+/, '').replace(/\/+$/, '');
    if (line === '' || line === '.') continue;
    rules.push({ re: globToRegExp(line), negate });
  }
  return rules;
}

/** Last matching rule wins; a rule matching a parent folder matches what it holds. */
export function isIgnored(rel: string, rules: IgnoreRule[]): boolean {
  let ignored = false;
  const parts = rel.split('/');
  for (const rule of rules) {
    for (let n = 1; n <= parts.length; n++) {
      if (rule.re.test(parts.slice(0, n).join('/'))) {
        ignored = !rule.negate;
        break;
      }
    }
  }
  return ignored;
}

export async function packContext(contextDir: string, dockerfile: string): Promise<Readable> {
  let rules: IgnoreRule[] = [];
  // No (readable, regular) .dockerignore: send everything.
  const ignore = await readRegularText(join(contextDir, '.dockerignore'));
  if (ignore.ok) rules = parseDockerignore(ignore.text);
  const keep = new Set([posix.normalize(dockerfile.split('\\').join('/')), '.dockerignore']);
  const pack = tar.pack();

  const walk = async (relDir: string): Promise<void> => {
    const entries = await readdir(join(contextDir, relDir), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const ent of entries) {
      // macOS AppleDouble files ("._x", extended attributes on foreign volumes) are never content.
      if (ent.name.startsWith('._')) continue;
      const rel = relDir ? `${relDir}/${ent.name}` : ent.name;
      const abs = join(contextDir, rel);
      const st = await lstat(abs);
      if (!keep.has(rel) && isIgnored(rel, rules)) {
        // A re-included path below an ignored folder still needs the walk.
        if (!st.isDirectory() || !rules.some((r) => r.negate)) continue;
      }
      const header = { name: rel, mode: st.mode & 0o7777, mtime: st.mtime, uid: 0, gid: 0 };
      if (st.isDirectory()) {
        if (!isIgnored(rel, rules)) pack.entry({ ...header, type: 'directory' });
        await walk(rel);
      } else if (st.isSymbolicLink()) {
        pack.entry({ ...header, type: 'symlink', linkname: await readlink(abs) });
      } else if (st.isFile()) {
        const entry = pack.entry({ ...header, type: 'file', size: st.size });
        await pipeline(createReadStream(abs), entry);
      }
    }
  };

  walk('')
    .then(() => pack.finalize())
    .catch((err: unknown) => pack.destroy(err as Error));
  return pack as unknown as Readable;
}
