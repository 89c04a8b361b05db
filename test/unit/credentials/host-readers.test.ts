/**
 * The default host readers run real programs: fake `security` and `gh` scripts on PATH record the
 * arguments and environment they were given, so the tests see exactly what a real one would.
 */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultGhTokenReader,
  defaultKeychainReader,
} from '../../../src/main/credentials/host-readers';
import { CANARY, fakeHome, oauthFile, plan } from '../../helpers/fake-home';

async function fakeTool(dir: string, name: string, script: string): Promise<void> {
  const p = join(dir, name);
  await writeFile(p, `#!/bin/sh\n${script}\n`);
  await chmod(p, 0o755);
}

describe('host readers', () => {
  it('reads the Keychain item by name through stdout, with no secret in the arguments', async () => {
    const bin = await fakeHome();
    await fakeTool(
      bin,
      'security',
      `printf '%s\\n' "$@" > "${bin}/args"; printf '%s\\n' '${oauthFile(CANARY.keychainAccess)}'`,
    );
    const read = defaultKeychainReader({ PATH: `${bin}:/usr/bin:/bin` });
    expect(await read()).toBe(oauthFile(CANARY.keychainAccess));
    expect((await readFile(join(bin, 'args'), 'utf8')).split('\n')).toEqual([
      'find-generic-password',
      '-s',
      'Claude Code-credentials',
      '-w',
      '',
    ]);
  });

  it('a refused Keychain (non-zero exit) reads as no login; a missing `security` too', async () => {
    const bin = await fakeHome();
    await fakeTool(bin, 'security', 'echo "denied" >&2; exit 51');
    expect(await defaultKeychainReader({ PATH: bin })()).toBeNull();
    expect(await defaultKeychainReader({ PATH: join(bin, 'nowhere') })()).toBeNull();
  });

  it('asks gh for its stored login only: GH_TOKEN/GITHUB_TOKEN are not passed to it', async () => {
    const bin = await fakeHome();
    // A real gh prints GH_TOKEN when it is set; this one does the same.
    await fakeTool(
      bin,
      'gh',
      `printf '%s\\n' "$@" > "${bin}/args"; if [ -n "$GH_TOKEN$GITHUB_TOKEN" ]; then echo "$GH_TOKEN"; else echo ${CANARY.ghCli}; fi`,
    );
    const read = defaultGhTokenReader({
      PATH: `${bin}:/usr/bin:/bin`,
      GH_TOKEN: CANARY.ghToken,
      GITHUB_TOKEN: CANARY.githubToken,
    });
    expect(await read()).toBe(CANARY.ghCli);
    expect(await readFile(join(bin, 'args'), 'utf8')).toBe('auth\ntoken\n');
  });

  it('planCredentials on macOS uses `security` from PATH by default', async () => {
    const home = await fakeHome();
    await fakeTool(home, 'security', `printf '%s' '${oauthFile(CANARY.keychainAccess)}'`);
    const p = await plan(home, { platform: 'darwin', env: { PATH: `${home}:/usr/bin:/bin` } });
    expect(
      p.files.find((f) => f.containerPath.endsWith('.credentials.json'))?.content.toString(),
    ).toContain(CANARY.keychainAccess);
  });
});
