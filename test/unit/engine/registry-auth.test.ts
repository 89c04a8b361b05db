/**
 * Credential lookup against real files in a temp home and real helper executables on a temp
 * PATH. CANARY is the secret everywhere: no message may ever contain it.
 */
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pullError } from '../../../src/main/engine/images';
import {
  authHint,
  buildRegistryConfig,
  lookupRegistryAuth,
  type AuthLookup,
  type RegistryHost,
} from '../../../src/main/engine/registry-auth';
import { authFilePaths } from '../../../src/main/engine/registry-auth-files';
import { runCredentialHelper } from '../../../src/main/engine/registry-auth-helper';

const CANARY = 'sekr3t-CANARY-7f3a';
const b64 = (s: string) => Buffer.from(s).toString('base64');

let root: string;
let home: string;
let bin: string;
let helperLog: string;

/** A docker-credential-fake that logs the server address it was asked about. */
const FAKE_HELPER = `#!/bin/sh
read server
echo "$server" >> "$HELPER_LOG"
case "$server" in
  ghcr.io) printf '{"ServerURL":"ghcr.io","Username":"helper-user","Secret":"%s"}' "$CANARY" ;;
  token.example) printf '{"Username":"<token>","Secret":"%s"}' "$CANARY" ;;
  https://index.docker.io/v1/) printf '{"Username":"hub-user","Secret":"%s"}' "$CANARY" ;;
  garbage.example) printf 'not json %s' "$CANARY" ;;
  shape.example) printf '{"Username":1,"Secret":"%s"}' "$CANARY" ;;
  slow.example) sleep 5 ;;
  *) echo "credentials not found in native keychain"; exit 1 ;;
esac
`;

async function put(path: string, content: unknown): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function host(extra: Partial<RegistryHost> = {}, env: Record<string, string> = {}): RegistryHost {
  return {
    env: { PATH: `${bin}:/usr/bin:/bin`, HELPER_LOG: helperLog, CANARY, ...env },
    homeDir: home,
    uid: 4242,
    platform: 'linux',
    kind: 'docker',
    ...extra,
  };
}

const dockerConfig = () => join(home, '.docker', 'config.json');
const podmanUserAuth = () => join(home, '.config', 'containers', 'auth.json');
const helperCalls = async () =>
  (await readFile(helperLog, 'utf8').catch(() => '')).split('\n').filter(Boolean);

function noCanary(lookup: AuthLookup): void {
  const reported = JSON.stringify({ ...lookup, credential: null });
  expect(reported).not.toContain(CANARY);
  expect(authHint(lookup, 'docker')).not.toContain(CANARY);
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ccr-regauth-'));
  home = join(root, 'home');
  bin = join(root, 'bin');
  helperLog = join(root, 'helper.log');
  await mkdir(home, { recursive: true });
  await put(join(bin, 'docker-credential-fake'), FAKE_HELPER);
  await chmod(join(bin, 'docker-credential-fake'), 0o755);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('Docker config.json', () => {
  it('finds Docker Hub credentials under any of its key spellings', async () => {
    for (const key of [
      'https://index.docker.io/v1/',
      'docker.io',
      'index.docker.io',
      'registry-1.docker.io',
    ]) {
      await put(dockerConfig(), { auths: { [key]: { auth: b64(`hubber:${CANARY}`) } } });
      const l = await lookupRegistryAuth('library/ubuntu:22.04', host());
      expect(l.credential, key).toEqual({
        username: 'hubber',
        password: CANARY,
        serveraddress: 'https://index.docker.io/v1/',
      });
      expect(l.source).toBe(`${dockerConfig()} (auths)`);
      noCanary(l);
    }
  });

  it('matches other registries by host and port, whatever scheme or path the key has', async () => {
    await put(dockerConfig(), {
      auths: {
        'reg.example.com': { auth: b64('wrong-port:x') },
        'https://reg.example.com:5000/v2/': { auth: b64(`right:${CANARY}`) },
      },
    });
    const l = await lookupRegistryAuth('reg.example.com:5000/team/app:1', host());
    expect(l.credential).toMatchObject({
      username: 'right',
      serveraddress: 'reg.example.com:5000',
    });
    expect((await lookupRegistryAuth('other.example.com/app', host())).credential).toBeNull();
  });

  it('reads $DOCKER_CONFIG instead of ~/.docker and passes identity tokens on', async () => {
    await put(dockerConfig(), { auths: { 'ghcr.io': { auth: b64('home:x') } } });
    const custom = await put(join(root, 'dc', 'config.json'), {
      auths: { 'ghcr.io': { identitytoken: CANARY } },
    });
    const l = await lookupRegistryAuth('ghcr.io/a/b', host({}, { DOCKER_CONFIG: dirname(custom) }));
    expect(l.credential).toEqual({ identitytoken: CANARY, serveraddress: 'ghcr.io' });
    expect(l.source).toBe(`${custom} (auths)`);
  });

  it('asks the credHelpers helper with the server address on stdin', async () => {
    await put(dockerConfig(), {
      auths: { 'ghcr.io': { auth: b64('file-user:x') } },
      credHelpers: { 'ghcr.io': 'fake', 'token.example': 'fake' },
    });
    const l = await lookupRegistryAuth('ghcr.io/team/app:1', host());
    expect(l.credential).toEqual({
      username: 'helper-user',
      password: CANARY,
      serveraddress: 'ghcr.io',
    });
    expect(l.source).toBe(`docker-credential-fake (credHelpers in ${dockerConfig()})`);
    const t = await lookupRegistryAuth('token.example/app', host());
    expect(t.credential).toEqual({ identitytoken: CANARY, serveraddress: 'token.example' });
    expect(await helperCalls()).toEqual(['ghcr.io', 'token.example']);
    noCanary(l);
  });

  it('uses credsStore for Docker Hub with the index address, after file entries', async () => {
    await put(dockerConfig(), {
      auths: { 'https://index.docker.io/v1/': {}, 'quay.io': { auth: b64('quay:x') } },
      credsStore: 'fake',
    });
    const hub = await lookupRegistryAuth('alpine', host());
    expect(hub.credential).toMatchObject({ username: 'hub-user', password: CANARY });
    expect(hub.source).toBe(`docker-credential-fake (credsStore in ${dockerConfig()})`);
    const quay = await lookupRegistryAuth('quay.io/a/b', host());
    expect(quay.source).toBe(`${dockerConfig()} (auths)`);
    expect(await helperCalls()).toEqual(['https://index.docker.io/v1/']);
  });

  it('a helper without the entry, a missing helper and a bad helper answer leave no credential, with reasons', async () => {
    await put(dockerConfig(), {
      credHelpers: {
        'none.example': 'fake',
        'missing.example': 'absent',
        'garbage.example': 'fake',
        'shape.example': 'fake',
      },
    });
    const cases: [string, RegExp][] = [
      ['none.example/x', /docker-credential-fake has no credentials for none\.example/],
      ['missing.example/x', /docker-credential-absent is not on PATH/],
      ['garbage.example/x', /answered with something other than JSON/],
      ['shape.example/x', /without a string Username and Secret/],
    ];
    for (const [ref, note] of cases) {
      const l = await lookupRegistryAuth(ref, host());
      expect(l.credential, ref).toBeNull();
      expect(l.notes.join('\n'), ref).toMatch(note);
      noCanary(l);
    }
  });

  it('stops a helper that hangs and one that floods its output', async () => {
    const slow = await runCredentialHelper('fake', 'slow.example', host().env, { timeoutMs: 300 });
    expect(slow).toEqual({ secret: null, note: 'docker-credential-fake took over 300 ms' });
    await put(join(bin, 'docker-credential-flood'), '#!/bin/sh\nhead -c 200000 /dev/zero\n');
    await chmod(join(bin, 'docker-credential-flood'), 0o755);
    const flood = await runCredentialHelper('flood', 'x', host().env);
    expect(flood.note).toBe('docker-credential-flood answered with too much output');
  });

  it('never runs a helper whose name could leave the helper namespace', async () => {
    await put(join(root, 'evil'), '#!/bin/sh\necho pwned >> "$HELPER_LOG"\n');
    await chmod(join(root, 'evil'), 0o755);
    await put(dockerConfig(), { credHelpers: { 'ghcr.io': '../evil' }, credsStore: '/bin/sh' });
    const l = await lookupRegistryAuth('ghcr.io/a', host());
    expect(l.credential).toBeNull();
    expect(l.notes).toEqual([
      `${dockerConfig()}: credHelpers["ghcr.io"] is not a helper name; ignored`,
      `${dockerConfig()}: credsStore is not a helper name; ignored`,
    ]);
    expect(await helperCalls()).toEqual([]);
  });
});

describe('Podman auth.json', () => {
  it('reads REGISTRY_AUTH_FILE, $XDG_RUNTIME_DIR and ~/.config/containers, in that order', async () => {
    const a = await put(join(root, 'authfile.json'), {
      auths: { 'quay.io': { auth: b64('a:1') } },
    });
    const x = await put(join(root, 'run', 'containers', 'auth.json'), {
      auths: { 'quay.io': { auth: b64('x:1') }, 'ghcr.io': { auth: b64('x:2') } },
    });
    await put(podmanUserAuth(), {
      auths: {
        'quay.io': { auth: b64('u:1') },
        'ghcr.io': { auth: b64('u:2') },
        'k8s.io': { auth: b64('u:3') },
      },
    });
    const h = host(
      { kind: 'podman' },
      { REGISTRY_AUTH_FILE: a, XDG_RUNTIME_DIR: join(root, 'run') },
    );
    expect((await lookupRegistryAuth('quay.io/t/r', h)).source).toBe(`${a} (auths)`);
    expect((await lookupRegistryAuth('ghcr.io/t/r', h)).source).toBe(`${x} (auths)`);
    expect((await lookupRegistryAuth('k8s.io/t/r', h)).source).toBe(`${podmanUserAuth()} (auths)`);
  });

  it("looks in /run/containers/<uid> when XDG_RUNTIME_DIR is unset (podman's default for root)", () => {
    expect(authFilePaths(host()).podman).toEqual([
      '/run/containers/4242/auth.json',
      podmanUserAuth(),
    ]);
    expect(authFilePaths(host({}, { DOCKER_CONFIG: '/dc' })).docker).toEqual(['/dc/config.json']);
  });

  it('says where it looked in general when no file exists', async () => {
    const l = await lookupRegistryAuth('quay.io/t/r', host({ kind: 'podman' }));
    expect(l.credential).toBeNull();
    expect(authHint(l, 'podman')).toMatch(
      /found no Docker config\.json or Podman auth\.json.*`podman login quay\.io`/,
    );
  });

  it('prefers the longest namespace key of a Podman file', async () => {
    await put(podmanUserAuth(), {
      auths: {
        'quay.io': { auth: b64('whole:1') },
        'quay.io/team': { auth: b64('team:1') },
        'quay.io/team/special': { auth: b64('special:1') },
      },
    });
    const user = async (ref: string) =>
      ((await lookupRegistryAuth(ref, host({ kind: 'podman' }))).credential as { username: string })
        .username;
    expect(await user('quay.io/team/special:1')).toBe('special');
    expect(await user('quay.io/team/other')).toBe('team');
    expect(await user('quay.io/else/x')).toBe('whole');
  });

  it("reads the engine's own family first", async () => {
    await put(dockerConfig(), { auths: { 'ghcr.io': { auth: b64('docker-user:1') } } });
    await put(podmanUserAuth(), { auths: { 'ghcr.io': { auth: b64('podman-user:1') } } });
    const who = async (kind: 'docker' | 'podman') =>
      ((await lookupRegistryAuth('ghcr.io/a', host({ kind }))).credential as { username: string })
        .username;
    expect(await who('docker')).toBe('docker-user');
    expect(await who('podman')).toBe('podman-user');
  });
});

describe('untrusted files', () => {
  it('ignores garbage with a reason that never quotes the file', async () => {
    await put(dockerConfig(), `{"auths": {"ghcr.io": {"auth": "${CANARY}`);
    await put(podmanUserAuth(), {
      auths: {
        'ghcr.io': { auth: `!!${CANARY}!!` },
        'quay.io': { auth: b64(`no-colon-${CANARY}`) },
        'k8s.io': CANARY,
        'ok.example': { auth: b64('fine:1') },
      },
      credHelpers: ['x'],
    });
    const l = await lookupRegistryAuth('ghcr.io/a', host());
    expect(l.credential).toBeNull();
    expect(l.notes).toEqual([
      `${dockerConfig()} is not valid JSON; ignored`,
      `${podmanUserAuth()} is not a JSON object with "auths"/"credHelpers" objects; ignored`,
    ]);
    noCanary(l);
    // Without the bad credHelpers, the good entry survives next to the bad ones.
    await put(podmanUserAuth(), {
      auths: {
        'ghcr.io': { auth: `!!${CANARY}!!` },
        'quay.io': { auth: b64(`no-colon-${CANARY}`) },
        'k8s.io': CANARY,
        'ok.example': { auth: b64('fine:1') },
      },
    });
    const ok = await lookupRegistryAuth('ok.example/a', host());
    expect(ok.credential).toMatchObject({ username: 'fine' });
    expect(ok.notes.slice(1)).toEqual([
      `${podmanUserAuth()}: auths["ghcr.io"] "auth" is not base64; ignored`,
      `${podmanUserAuth()}: auths["quay.io"] "auth" does not decode to "user:password"; ignored`,
      `${podmanUserAuth()}: auths["k8s.io"] is not an object with a string "auth" or "identitytoken"; ignored`,
    ]);
    noCanary(ok);
  });

  it('ignores a directory, an oversized file and a top-level array without throwing', async () => {
    await mkdir(dockerConfig(), { recursive: true });
    await put(podmanUserAuth(), '[1,2]');
    const l = await lookupRegistryAuth('ghcr.io/a', host());
    expect(l.credential).toBeNull();
    expect(l.notes).toEqual([
      `${dockerConfig()} is not a file; ignored`,
      `${podmanUserAuth()} is not a JSON object with "auths"/"credHelpers" objects; ignored`,
    ]);
    await rm(dockerConfig(), { recursive: true });
    await put(dockerConfig(), `{"auths":{}, "pad": "${'x'.repeat(1024 * 1024)}"}`);
    expect((await lookupRegistryAuth('ghcr.io/a', host())).notes[0]).toMatch(/is larger than/);
  });
});

describe('messages', () => {
  it('a refused pull names the credential source, never the secret', async () => {
    await put(dockerConfig(), { auths: { 'ghcr.io': { auth: b64(`me:${CANARY}`) } } });
    const lookup = await lookupRegistryAuth('ghcr.io/team/app:1', host());
    const err = pullError(
      'ghcr.io/team/app:1',
      'unauthorized: authentication required',
      undefined,
      {
        lookup,
        kind: 'docker',
      },
    );
    expect(err.code).toBe('pull-failed');
    expect(err.hint).toContain(`came from ${dockerConfig()} (auths)`);
    expect(err.hint).toContain('`docker login ghcr.io`');
    expect(`${err.message} ${err.hint}`).not.toContain(CANARY);
  });

  it('a refused pull without credentials says where it looked and how to log in', async () => {
    await put(dockerConfig(), { auths: {} });
    const lookup = await lookupRegistryAuth('127.0.0.1:5000/test/img:1', host({ kind: 'podman' }));
    const err = pullError('127.0.0.1:5000/test/img:1', 'no basic auth credentials', undefined, {
      lookup,
      kind: 'podman',
    });
    expect(err.hint).toBe(
      `no credentials for 127.0.0.1:5000 were found (looked in ${dockerConfig()}): log in with \`podman login 127.0.0.1:5000\`, or check that the image is public`,
    );
  });
});

describe('build registry config', () => {
  it('sends every stored registry, and asks helpers only for FROM registries', async () => {
    await put(dockerConfig(), {
      auths: {
        'https://index.docker.io/v1/': { auth: b64('hub:1') },
        'reg.example.com:5000': { auth: b64('reg:1') },
      },
      credHelpers: { 'ghcr.io': 'fake', 'never.example': 'fake' },
    });
    await put(podmanUserAuth(), {
      auths: { 'quay.io': { auth: b64('quay:1') }, 'quay.io/ns': { auth: b64('ns:1') } },
    });
    const { config, lookups } = await buildRegistryConfig(
      ['ghcr.io/team/base:1', 'ghcr.io/team/other:2', 'node:22'],
      host(),
    );
    expect(Object.keys(config).sort()).toEqual([
      'ghcr.io',
      'https://index.docker.io/v1/',
      'quay.io',
      'reg.example.com:5000',
    ]);
    expect(config['ghcr.io']).toEqual({
      username: 'helper-user',
      password: CANARY,
      serveraddress: 'ghcr.io',
    });
    expect(config['quay.io']).toMatchObject({ username: 'quay' });
    expect(lookups.map((l) => l.registry)).toEqual(['ghcr.io', 'docker.io']);
    expect(await helperCalls()).toEqual(['ghcr.io']);
  });
});

describe('pull failure classification', () => {
  it("takes the engine's own permission problems for what they are, not a registry refusal", () => {
    const err = pullError('ghcr.io/a/b', 'mkdir /var/lib/containers/storage/x: permission denied');
    expect(err.message).not.toMatch(/refused/);
    expect(
      pullError('ghcr.io/a/b', 'denied: requested access to the resource is denied').message,
    ).toMatch(/refused access/);
  });
});
