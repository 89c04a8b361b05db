/**
 * The import quarantine with the real git: objects written through it are invisible to the
 * user's repository until migrated, and a quarantine left by a dead app process is swept while
 * a live process's is kept.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitEnv } from '../../../src/main/git/safe-options';
import { openQuarantine } from '../../../src/main/git/quarantine';

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ccr-q-'));
  execFileSync('git', ['init', '-q', dir]);
  return dir;
}

describe('import quarantine', () => {
  it('keeps objects out of the store until migrated, and leaves nothing behind', async () => {
    const dir = repo();
    const q = await openQuarantine(dir);
    const blob = execFileSync('git', ['hash-object', '-w', '--stdin'], {
      cwd: dir,
      input: 'quarantined\n',
      env: gitEnv(process.env, q.env),
      encoding: 'utf8',
    }).trim();
    const visible = () =>
      spawnSync('git', ['cat-file', '-e', blob], { cwd: dir, env: gitEnv() }).status === 0;
    expect(visible()).toBe(false);
    await q.migrate();
    await q.dispose();
    expect(visible()).toBe(true);
    expect(readdirSync(join(dir, '.git', 'objects')).filter((n) => n.startsWith('tmp'))).toEqual(
      [],
    );
  });

  it('sweeps the quarantine of a dead process, not of a live one', async () => {
    const dir = repo();
    const objects = join(dir, '.git', 'objects');
    const dead = spawnSync('true').pid!;
    const deadDir = join(objects, `tmp_objdir-ccr-${dead}-abc`);
    const liveDir = join(objects, `tmp_objdir-ccr-${process.ppid}-abc`);
    for (const d of [deadDir, liveDir]) {
      mkdirSync(join(d, 'pack'), { recursive: true });
      writeFileSync(join(d, 'pack', 'tmp_pack_x'), 'x');
    }
    const q = await openQuarantine(dir);
    await q.dispose();
    expect(existsSync(deadDir)).toBe(false);
    expect(existsSync(liveDir)).toBe(true);
  });
});
