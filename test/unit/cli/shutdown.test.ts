/**
 * The stop after Ctrl-C: a stop that keeps making progress, or whose process the machine
 * starves for a while, runs to its end however long it takes in all (exit 0); one that makes
 * no progress ends with 130 and says so; a second Ctrl-C ends it at once. Real processes, as
 * the watch exits the process.
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const FIXTURE = join(__dirname, 'fixtures/stop-watch.ts');

function stop(mode: string): Promise<{ code: number | null; out: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', FIXTURE, mode],
      { cwd: ROOT, timeout: 60_000 },
      (_err, stdout, stderr) =>
        done({ code: child.exitCode, out: `${stdout}${stderr}`, ms: Date.now() - t0 }),
    );
  });
}

describe('stopping after a signal', () => {
  it('a stop whose steps keep finishing is not cut off, though it takes longer than the bound', async () => {
    const r = await stop('slow');
    expect(r.out).toContain('stopped cleanly');
    expect(r.out).not.toContain('no progress');
    expect(r.code).toBe(0);
  });

  it('a stop whose process the machine starves is not cut off for the time it could not run', async () => {
    const r = await stop('starved');
    expect(r.out).toContain('stopped cleanly');
    expect(r.code).toBe(0);
  });

  it('a stop that makes no progress ends with 130 and says why', async () => {
    const r = await stop('stuck');
    expect(r.out).toMatch(
      /Stopping made no progress for 1 s; exiting anyway \(the containers keep running\)/,
    );
    expect(r.code).toBe(130);
  });

  it('a second Ctrl-C ends the stop at once', async () => {
    const r = await stop('again');
    expect(r.out).not.toContain('no progress');
    expect(r.code).toBe(130);
  });
});
