import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extract } from 'tar-stream';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { checkRepo } from '../../../src/main/git/repo-check';
import { planSnapshot } from '../../../src/main/git/snapshot';
import { objectsTar, snapshotTar } from '../../../src/main/git/snapshot-tar';
import {
  expectedSnapshot,
  git,
  makeFixtureRepo,
  sha256,
  type ExpectedEntry,
  type FixtureRepo,
} from '../../helpers/fixture-repo';

interface TarItem {
  type: string;
  uid: number;
  gid: number;
  mode: number;
  body: Buffer;
  linkname: string | null;
}

async function readTar(stream: Readable): Promise<Map<string, TarItem> & { order: string[] }> {
  const items = new Map<string, TarItem>() as Map<string, TarItem> & { order: string[] };
  items.order = [];
  const ex = extract();
  ex.on('entry', (h, s, next) => {
    const chunks: Buffer[] = [];
    s.on('data', (c: unknown) => chunks.push(c as Buffer));
    s.on('end', () => {
      items.set(h.name, {
        type: h.type,
        uid: h.uid,
        gid: h.gid,
        mode: h.mode,
        body: Buffer.concat(chunks),
        linkname: h.linkname ?? null,
      });
      items.order.push(h.name);
      next();
    });
  });
  await new Promise<void>((res, rej) => {
    ex.on('finish', () => res());
    ex.on('error', rej);
    stream.on('error', rej);
    stream.pipe(ex as unknown as NodeJS.WritableStream);
  });
  return items;
}

describe('snapshot of a work tree', () => {
  let repo: FixtureRepo;
  beforeAll(() => {
    repo = makeFixtureRepo();
  });
  afterAll(() => repo.cleanup());

  it('lists exactly the work tree minus ignored files, with staged state in the index', async () => {
    const state = await checkRepo(repo.dir);
    expect(state.head).toBe(repo.head);
    expect(state.branch).toBe('main');
    const plan = await planSnapshot(state.root);
    const got = new Map(plan.entries.map((e) => [e.path, e]));
    const want = expectedSnapshot(repo.dir);
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    expect(got.has('deleted.txt')).toBe(false);
    expect(got.get('bin/run.sh')!.mode & 0o111).not.toBe(0);
    expect(got.get('link')).toMatchObject({ type: 'symlink', linkTarget: 'a.txt' });
    const index = plan.indexInfo.toString();
    expect(index).toContain('\tadded.txt\0');
    expect(index).toContain('\tdeleted.txt\0'); // deletion is unstaged: still in the index
  });

  it('streams a tar owned by the container user with content, modes and links intact', async () => {
    const state = await checkRepo(repo.dir);
    const plan = await planSnapshot(state.root);
    const { stream } = await snapshotTar({
      plan,
      commonDir: state.commonDir,
      uid: 1234,
      gid: 2345,
    });
    const tar = await readTar(stream);
    const want = expectedSnapshot(repo.dir);
    const got = new Map<string, ExpectedEntry>();
    for (const [name, item] of tar) {
      if (!name.startsWith('workspace/') || name.startsWith('workspace/.git/')) continue;
      expect([item.uid, item.gid]).toEqual([1234, 2345]);
      const rel = name.slice('workspace/'.length);
      if (item.type === 'file')
        got.set(rel, { type: 'file', hash: sha256(item.body), mode: item.mode & 0o777 });
      if (item.type === 'symlink') got.set(rel, { type: 'symlink', hash: sha256(item.linkname!) });
    }
    expect(got).toEqual(want);
    // Every directory comes before anything inside it.
    const seenDirs = new Set<string>(['workspace']);
    for (const name of tar.order) {
      const parent = name.slice(0, name.lastIndexOf('/'));
      if (name.includes('/')) expect(seenDirs.has(parent), `${parent} before ${name}`).toBe(true);
      if (tar.get(name)!.type === 'directory') seenDirs.add(name);
    }
    // History travels as objects only: no config, hooks or refs of the user's repo.
    expect([...tar.keys()].some((n) => n.startsWith('workspace/.git/objects/'))).toBe(true);
    for (const n of tar.keys()) {
      if (n.startsWith('workspace/.git/'))
        expect(
          n === 'workspace/.git' ||
            n === 'workspace/.git/objects' ||
            n.startsWith('workspace/.git/objects/'),
          n,
        ).toBe(true);
    }
  });

  it('can send the object store as its own tar, relative to .git/objects', async () => {
    const state = await checkRepo(repo.dir);
    const plan = await planSnapshot(state.root);
    const tree = await readTar(
      (await snapshotTar({ plan, commonDir: state.commonDir, uid: 7, gid: 8, objects: 'none' }))
        .stream,
    );
    expect([...tree.keys()].some((n) => n.startsWith('workspace/.git/objects'))).toBe(false);
    const objects = await readTar(
      (await objectsTar({ commonDir: state.commonDir, uid: 7, gid: 8 })).stream,
    );
    const names = [...objects.keys()];
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => !n.startsWith('/') && !n.startsWith('workspace'))).toBe(true);
    expect(names.some((n) => /^[0-9a-f]{2}\/[0-9a-f]{38}$/.test(n) || n.startsWith('pack/'))).toBe(
      true,
    );
    expect([...objects.values()].every((i) => i.uid === 7 && i.gid === 8)).toBe(true);
  });

  it('copies ignored files only where includeIgnored globs match', async () => {
    const plan = await planSnapshot(repo.dir, { includeIgnored: ['build/**', ':(top)x'] });
    const paths = plan.entries.map((e) => e.path);
    expect(paths).toContain('build/out.js');
    expect(paths).not.toContain('.env');
    expect(paths).not.toContain('debug.log');
  });
});

describe('snapshot edge cases', () => {
  it('leaves submodules out (gitlink kept in the index) and says so', async () => {
    const r = makeFixtureRepo();
    try {
      const sha = git(r.dir, 'rev-parse', 'HEAD').trim();
      git(r.dir, 'update-index', '--add', '--cacheinfo', `160000,${sha},vendor/lib`);
      const plan = await planSnapshot(r.dir);
      expect(plan.entries.some((e) => e.path.startsWith('vendor/lib'))).toBe(false);
      expect(plan.warnings.join('\n')).toMatch(/submodule vendor\/lib is not copied/);
      expect(plan.indexInfo.toString()).toContain(`160000 ${sha} 0\tvendor/lib\0`);
    } finally {
      r.cleanup();
    }
  });

  it('copies LFS files as their staged pointer, never the work-tree content', async () => {
    const r = makeFixtureRepo();
    try {
      const pointer = 'version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12345\n';
      writeFileSync(join(r.dir, '.gitattributes'), '*.psd filter=lfs diff=lfs merge=lfs -text\n');
      writeFileSync(join(r.dir, 'art.psd'), pointer);
      git(r.dir, '-c', 'filter.lfs.required=false', 'add', '.gitattributes', 'art.psd');
      writeFileSync(join(r.dir, 'art.psd'), Buffer.alloc(12345, 7)); // "smudged" content
      const plan = await planSnapshot(r.dir);
      const e = plan.entries.find((x) => x.path === 'art.psd')!;
      expect(e.blob).toMatch(/^[0-9a-f]{40}$/);
      expect(e.size).toBe(pointer.length);
      expect(plan.warnings.join('\n')).toMatch(/LFS/);
      const state = await checkRepo(r.dir);
      const tar = await readTar(
        (await snapshotTar({ plan, commonDir: state.commonDir, uid: 1, gid: 1 })).stream,
      );
      expect(tar.get('workspace/art.psd')!.body.toString()).toBe(pointer);
    } finally {
      r.cleanup();
    }
  });

  it('skips a nested repository that is not a submodule, with a warning', async () => {
    const r = makeFixtureRepo();
    try {
      git(r.dir, 'init', '-q', 'nested');
      writeFileSync(join(r.dir, 'nested', 'x.txt'), 'x');
      const plan = await planSnapshot(r.dir);
      expect(plan.entries.some((e) => e.path.startsWith('nested'))).toBe(false);
      expect(plan.warnings.join('\n')).toMatch(/nested repository nested/);
    } finally {
      r.cleanup();
    }
  });
});

describe('exec bits where the file system does not keep them', () => {
  it('takes tracked modes from the index when core.fileMode is false', async () => {
    const r = makeFixtureRepo();
    try {
      git(r.dir, 'config', 'core.fileMode', 'false');
      chmodSync(join(r.dir, 'bin/run.sh'), 0o644); // as a checkout on such a file system looks
      chmodSync(join(r.dir, 'a.txt'), 0o755);
      const plan = await planSnapshot(r.dir);
      const mode = (p: string) => plan.entries.find((e) => e.path === p)!.mode;
      expect(mode('bin/run.sh')).toBe(0o755);
      expect(mode('a.txt')).toBe(0o644);
    } finally {
      r.cleanup();
    }
  });
});

describe('history of shallow and shared clones', () => {
  it('keeps a shallow clone shallow and copies the objects of alternates', async () => {
    const src = makeFixtureRepo();
    const dest = mkdtempSync(join(tmpdir(), 'ccr-clones-'));
    try {
      git(dest, 'clone', '-q', '--depth', '1', `file://${src.dir}`, 'shallow');
      const shallow = await checkRepo(join(dest, 'shallow'));
      const plan = await planSnapshot(shallow.root);
      const tar = await readTar(
        (await snapshotTar({ plan, commonDir: shallow.commonDir, uid: 1, gid: 1 })).stream,
      );
      expect(tar.get('workspace/.git/shallow')!.body.toString().trim()).toBe(src.head);

      git(dest, 'clone', '-q', '--shared', src.dir, 'shared');
      const shared = await checkRepo(join(dest, 'shared'));
      const objects = await readTar(
        (await objectsTar({ commonDir: shared.commonDir, uid: 1, gid: 1 })).stream,
      );
      expect(objects.has('info/alternates')).toBe(false);
      // The shared clone has no objects of its own: HEAD's commit comes from the alternate.
      expect(objects.has(`${src.head.slice(0, 2)}/${src.head.slice(2)}`)).toBe(true);
    } finally {
      src.cleanup();
      rmSync(dest, { recursive: true, force: true });
    }
  });
});
