/**
 * The plan's files as a tar for putArchive at "/": every entry owned by the container user
 * (putArchive keeps the uid/gid of the headers), secret files 0600, and entries for the folders
 * between the home and each file, so ~/.claude or ~/.aws are not created root-owned (the agent
 * must be able to write there: Claude Code refreshes its login and keeps state in ~/.claude).
 */
import { posix } from 'node:path';
import { pack } from 'tar-stream';
import type { CredentialPlan } from './types';

export interface TarOwner {
  uid: number;
  gid: number;
  /** The container user's home (the plan's containerHome); it gets an entry too. */
  home: string;
}

export async function credentialsTar(
  plan: Pick<CredentialPlan, 'files'>,
  owner: TarOwner,
): Promise<Buffer> {
  const home = posix.normalize(owner.home).replace(/\/+$/, '');
  const dirs = new Set<string>([home]);
  for (const f of plan.files) {
    const p = posix.normalize(f.containerPath);
    if (!p.startsWith(`${home}/`)) {
      throw new Error(`credential file ${p} is outside the container home ${home}`);
    }
    for (let d = posix.dirname(p); d.length > home.length; d = posix.dirname(d)) dirs.add(d);
  }
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    p.on('end', resolve);
    p.on('error', reject);
  });
  const mtime = new Date();
  const base = { uid: owner.uid, gid: owner.gid, mtime };
  // Parents sort before children; the home keeps the usual 0755, the folders we add are private.
  for (const d of [...dirs].sort()) {
    p.entry({ ...base, name: d.slice(1), type: 'directory', mode: d === home ? 0o755 : 0o700 });
  }
  for (const f of plan.files) {
    p.entry(
      { ...base, name: posix.normalize(f.containerPath).slice(1), type: 'file', mode: f.mode },
      f.content,
    );
  }
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}
