/**
 * The small files that every process of a data dir (or of a user's config folder) changes: two
 * changes at once both land. Before the lock, the second writer's stale copy dropped the first
 * one's entry (and two trusts in one process shared a temp file name).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { RecentFolders } from '../../../src/main/app/recent-folders';
import { isTrusted, trustProjectConfig } from '../../../src/main/config/trust';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'ccr-shared-files-'));
  dirs.push(d);
  return d;
};

it('two recent-folder lists on one data dir keep both folders opened at once', async () => {
  const dir = temp();
  const [a, b] = [new RecentFolders(dir), new RecentFolders(dir)];
  await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).add(`/repo/${i}`)));
  expect((await a.list()).map((f) => f.path).sort()).toEqual(
    Array.from({ length: 10 }, (_, i) => `/repo/${i}`).sort(),
  );
});

it('trusting several project files at once keeps every trust', async () => {
  const home = temp();
  const host = { env: {}, homeDir: home, platform: 'linux' as const };
  const files = Array.from({ length: 8 }, (_, i) => join(home, `p${i}`, 'claude-run.config.json'));
  await Promise.all(files.map((f, i) => trustProjectConfig(host, f, String(i).repeat(64))));
  for (const [i, f] of files.entries())
    expect(await isTrusted(host, f, String(i).repeat(64))).toBe(true);
});
