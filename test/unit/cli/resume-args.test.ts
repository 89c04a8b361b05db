/**
 * `restart`, `fork` and `export-conversation` as a user types them: listed in the help with
 * their options, and commander's refusals (no folder for the export, an unknown option) before
 * anything runs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

describe('claude-run restart / fork / export-conversation arguments', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccr-resume-args-'));

  it('are in the help with their options', { timeout: 60_000 }, async () => {
    const help = await runCli(['--help'], dir);
    expect(help.out).toMatch(/restart \[options\] \[id\]/);
    expect(help.out).toMatch(/fork \[options\] \[id\]/);
    expect(help.out).toMatch(/export-conversation \[options\] <dir> \[id\]/);
    const fork = await runCli(['fork', '--help'], dir);
    expect(fork.out).toContain('--conversation');
    expect(fork.out).toContain('-n, --name <branch>');
    const restart = await runCli(['restart', '--help'], dir);
    expect(restart.out).toContain('--fresh');
  });

  it('refuses an export without a folder and unknown options', { timeout: 60_000 }, async () => {
    const none = await runCli(['export-conversation'], dir);
    expect(none.code).not.toBe(0);
    expect(none.out).toMatch(/missing required argument 'dir'/);
    const bad = await runCli(['restart', '--frsh'], dir);
    expect(bad.code).not.toBe(0);
    expect(bad.out).toMatch(/unknown option '--frsh'/);
  });
});
