/**
 * A file named by a repository may be a device, a FIFO or huge: reading it must end fast with
 * an error that says what the file is, never read gigabytes or wait forever.
 */
import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRegularFile } from '../../../src/main/config/safe-read';
import { makeFixture, type Fixture } from './fixture';

let fx: Fixture;
beforeEach(() => {
  // Not trusted at each load: the fixture's trust step would itself read the device.
  fx = makeFixture({ trusted: false });
});
afterEach(() => fx.cleanup());

const projectFile = () => path.join(fx.project, 'claude-run.config.json');
const mkfifo = (p: string) => execFileSync('mkfifo', ['--', p]);

async function timedIssues(): Promise<{ ms: number; messages: string[] }> {
  const t0 = Date.now();
  const r = await fx.load();
  const ms = Date.now() - t0;
  if (r.ok) throw new Error('expected the load to fail');
  return { ms, messages: r.issues.map((i) => `${i.path}: ${i.message}`) };
}

describe('files a repository names are read only if they are small regular files', () => {
  it('a project config that is a symlink to /dev/zero is refused at once', async () => {
    symlinkSync('/dev/zero', projectFile());
    const { ms, messages } = await timedIssues();
    expect(messages).toEqual([
      `: ${projectFile()} is a character device, not a regular file; expected a regular file; expected a JSON config file`,
    ]);
    expect(ms).toBeLessThan(2000);
  });

  it('a project config that is a symlink to /dev/urandom is refused at once', async () => {
    symlinkSync('/dev/urandom', projectFile());
    const { ms, messages } = await timedIssues();
    expect(messages[0]).toMatch(/is a character device, not a regular file/);
    expect(ms).toBeLessThan(2000);
  });

  it('a project config that is a FIFO does not hang the load', async () => {
    mkfifo(projectFile());
    const { ms, messages } = await timedIssues();
    expect(messages[0]).toMatch(/is a named pipe \(FIFO\), not a regular file/);
    expect(ms).toBeLessThan(2000);
  });

  it('an envFile, CA certificate or Dockerfile that is a FIFO or device is refused too', async () => {
    mkfifo(path.join(fx.project, 'env.fifo'));
    symlinkSync('/dev/zero', path.join(fx.project, 'ca.pem'));
    symlinkSync('/dev/urandom', path.join(fx.project, 'Dockerfile'));
    fx.projectConfig({
      envFile: 'env.fifo',
      extraCaCertificates: ['ca.pem'],
      dockerfile: 'Dockerfile',
      mounts: [{ source: '/dev/zero', target: '/mnt/zero' }],
    });
    await fx.trustProject();
    const { ms, messages } = await timedIssues();
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^envFile: .*env\.fifo is a named pipe \(FIFO\)/),
        expect.stringMatching(/^extraCaCertificates\[0\]: .*ca\.pem is a character device/),
        expect.stringMatching(/^dockerfile: .*Dockerfile is a character device/),
        'mounts[0]: the mount source /dev/zero is a character device; expected a file or folder',
      ]),
    );
    expect(ms).toBeLessThan(2000);
  });

  it('a file over the bound is refused, naming the bound', async () => {
    const big = path.join(fx.root, 'big');
    writeFileSync(big, Buffer.alloc(2048, 'a'));
    const r = await readRegularFile(big, { maxBytes: 1024 });
    expect(r).toEqual({
      ok: false,
      why: 'too-large',
      message: `${big} is larger than 1024 bytes; expected a small text file`,
    });
    const ok = await readRegularFile(big, { maxBytes: 4096 });
    expect(ok.ok && ok.data.length).toBe(2048);
  });

  it('a file that reports size 0 but has content is read to its end (procfs)', async () => {
    const r = await readRegularFile('/proc/self/status');
    expect(r.ok && r.data.toString()).toMatch(/^Name:/);
  });
});
