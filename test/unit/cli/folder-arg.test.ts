import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

describe('claude-run <folder>', () => {
  const made: string[] = [];
  afterAll(async () => {
    await Promise.all(made.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('starts for the named folder, not the current one, and says why it cannot', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'ccr-cli-folder-'));
    made.push(folder);
    const { code, out } = await runCli([folder], tmpdir());
    expect(code).toBe(1);
    expect(out).toContain(`Starting a session for ${folder}`);
    expect(out).toMatch(/error: .*not inside a git work tree/);
    expect(out).toMatch(/hint: .*git init/);
    expect(out).not.toMatch(/\n\s+at /); // no stack trace
  });
});
