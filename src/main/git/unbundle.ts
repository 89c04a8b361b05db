/**
 * Reading a bundle that came from a container, without trusting it. The git on this machine
 * (2.39) does not fsck objects when fetching from a bundle, so the bundle is taken apart here:
 * the text header is parsed strictly, and the pack behind it goes through
 * `git index-pack --strict` (every object checked, tree entries such as a nested `.git`
 * refused) inside a quarantine (see quarantine.ts), then the tip's history is checked to be
 * complete and made only of objects this import checked, before anything reaches the store.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { AppError } from '../../shared/errors';
import { gitWithStdin, stderrReason } from './host-git';
import { assertAllNewObjectsChecked, openQuarantine } from './quarantine';

const OID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const MAX_HEADER = 1024 * 1024;
/** fsck findings that are only warnings by default but must stop an agent's objects. */
export const STRICT_FSCK = [
  'hasDotgit',
  'hasDotdot',
  'fullPathname',
  'emptyName',
  'zeroPaddedFilemode',
  'badFilemode',
]
  .map((id) => `${id}=error`)
  .join(',');

export interface BundleHeader {
  prerequisites: string[];
  refs: Map<string, string>;
  /** Byte offset where the pack starts. */
  packOffset: number;
}

export function parseBundleHeader(buf: Buffer): BundleHeader {
  const end = buf.indexOf('\n\n');
  if (end < 0)
    throw new AppError('import-failed', 'the container sent something that is not a git bundle');
  const lines = buf.subarray(0, end).toString('utf8').split('\n');
  const sig = lines.shift();
  if (sig !== '# v2 git bundle' && sig !== '# v3 git bundle') {
    throw new AppError('import-failed', 'the container sent something that is not a git bundle');
  }
  const prerequisites: string[] = [];
  const refs = new Map<string, string>();
  for (const line of lines) {
    if (line.startsWith('@')) {
      if (!/^@object-format=(sha1|sha256)$/.test(line)) {
        throw new AppError(
          'import-failed',
          'the bundle from the container uses an unsupported feature',
        );
      }
      continue;
    }
    if (line.startsWith('-')) {
      const oid = line.slice(1).split(' ')[0]!;
      if (!OID.test(oid))
        throw new AppError('import-failed', 'the bundle from the container has a malformed header');
      prerequisites.push(oid);
      continue;
    }
    const sp = line.indexOf(' ');
    const oid = line.slice(0, sp);
    if (sp < 0 || !OID.test(oid))
      throw new AppError('import-failed', 'the bundle from the container has a malformed header');
    refs.set(line.slice(sp + 1), oid);
  }
  return { prerequisites, refs, packOffset: end + 2 };
}

/**
 * Checks the bundle's objects in a quarantine and moves them into the user's store only when
 * all passed; returns the tip of refs/heads/<branch> (no ref is set). `trusted`: commits the host
 * chose (the session's base), whose history needs no check; the bundle's own prerequisites are
 * the container's word and are not trusted.
 */
export async function unbundleBranch(
  folder: string,
  bundlePath: string,
  branch: string,
  trusted: string[] = [],
): Promise<string> {
  const fh = await open(bundlePath, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.alloc(MAX_HEADER);
    const { bytesRead } = await fh.read(buf, 0, MAX_HEADER, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  const header = parseBundleHeader(head);
  const tip = header.refs.get(`refs/heads/${branch}`);
  if (!tip)
    throw new AppError(
      'import-failed',
      'the bundle from the container does not hold the session branch',
    );
  const q = await openQuarantine(folder);
  try {
    const pack = createReadStream(bundlePath, { start: header.packOffset });
    // -v: progress on stderr, so a long index-pack on a busy machine is seen to be working.
    const r = await gitWithStdin(
      folder,
      ['index-pack', '-v', '--stdin', '--fix-thin', `--strict=${STRICT_FSCK}`],
      pack,
      { env: q.env },
    );
    if (r.exitCode !== 0) {
      throw new AppError(
        'import-failed',
        `git refused the commits from the container: ${stderrReason(r.stderr)}`,
        'Every object was checked and something was malformed or dangerous; nothing on your branches changed.',
      );
    }
    await assertAllNewObjectsChecked(folder, q, tip, trusted);
    await q.migrate();
  } finally {
    await q.dispose();
  }
  return tip;
}
