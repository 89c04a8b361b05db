import { describe, expect, it } from 'vitest';
import { extract } from 'tar-stream';
import {
  createStreamRedactor,
  credentialsTar,
  redactingSink,
  redactSecrets,
  REDACTED,
} from '../../../src/main/credentials';
import { CredentialReport } from '../../../src/shared/schemas/credentials';
import {
  CANARY,
  CONTAINER_HOME,
  fakeHome,
  leakedCanaries,
  oauthFile,
  plan,
} from '../../helpers/fake-home';

/** A host with every kind of credential set, all canaries. */
async function everything(
  provider: 'anthropic' | 'bedrock' | 'vertex',
  forwardGitHubToken = false,
) {
  const home = await fakeHome({
    '.claude/.credentials.json': oauthFile(),
    '.claude.json': JSON.stringify({
      primaryApiKey: CANARY.consoleKey,
      customApiKeyResponses: { approved: [CANARY.apiKey.slice(-20)], rejected: [] },
      projects: { '/x': { history: ['CANARY-project-history'] } },
    }),
    '.claude/settings.json': JSON.stringify({ env: { ANTHROPIC_API_KEY: CANARY.settingsEnvKey } }),
    '.aws/credentials': `[default]\naws_secret_access_key = ${CANARY.awsSecret}\n`,
    '.config/gcloud/application_default_credentials.json': JSON.stringify({
      client_secret: CANARY.googleSecret,
      refresh_token: CANARY.googleRefresh,
    }),
  });
  return plan(home, {
    env: {
      ANTHROPIC_API_KEY: CANARY.apiKey,
      ANTHROPIC_AUTH_TOKEN: CANARY.authToken,
      CLAUDE_CODE_OAUTH_TOKEN: CANARY.oauthEnv,
      AWS_ACCESS_KEY_ID: CANARY.awsKeyId,
      AWS_SECRET_ACCESS_KEY: CANARY.awsSecret,
      AWS_SESSION_TOKEN: CANARY.awsSession,
      AWS_BEARER_TOKEN_BEDROCK: CANARY.bedrockBearer,
      AWS_REGION: 'us-east-1',
      GH_TOKEN: CANARY.ghToken,
      GITHUB_TOKEN: CANARY.githubToken,
      GITLAB_TOKEN: CANARY.gitlabToken,
      ...(provider === 'bedrock' ? { CLAUDE_CODE_USE_BEDROCK: '1' } : {}),
      ...(provider === 'vertex'
        ? { CLAUDE_CODE_USE_VERTEX: '1', ANTHROPIC_VERTEX_PROJECT_ID: 'p' }
        : {}),
    },
    readGhToken: async () => CANARY.ghCli,
    config: { forwardGitHubToken },
  });
}

describe('the credentials report', () => {
  it.each(['anthropic', 'bedrock', 'vertex'] as const)(
    'holds no secret, not even a part of one (%s)',
    async (provider) => {
      const p = await everything(provider, true);
      const text = JSON.stringify(p.report);
      expect(() => CredentialReport.parse(p.report)).not.toThrow();
      expect(text).not.toContain('CANARY');
      for (const secret of Object.values(CANARY)) {
        for (let i = 0; i + 8 <= secret.length; i++)
          expect(text).not.toContain(secret.slice(i, i + 8));
      }
    },
  );

  it('lists every source it looked at, with found/forwarded', async () => {
    const p = await everything('anthropic');
    const byId = Object.fromEntries(p.report.entries.map((e) => [e.id, e]));
    expect(byId['anthropic-api-key']).toMatchObject({ found: true, forwarded: true });
    expect(byId['github-token:GH_TOKEN']).toMatchObject({ found: true, forwarded: false });
    expect(byId['aws-env:AWS_SECRET_ACCESS_KEY']).toMatchObject({ found: true, forwarded: false });
    expect(byId['claude-dir-rest']).toMatchObject({ forwarded: false });
    for (const e of p.report.entries) expect(e.reason.length).toBeGreaterThan(3);
    // Nothing forwarded without a place in the container, nothing with one that is not forwarded.
    for (const e of p.report.entries)
      expect([e.id, e.target !== undefined]).toEqual([e.id, e.forwarded]);
  });
});

describe('redactSecrets', () => {
  it('removes every forwarded secret from a log line, also JSON-escaped; leaves plain values', async () => {
    const p = await everything('anthropic', true);
    const forwarded = [
      CANARY.apiKey,
      CANARY.authToken,
      CANARY.oauthEnv,
      CANARY.accessToken,
      CANARY.refreshToken,
      CANARY.consoleKey,
      CANARY.settingsEnvKey,
      CANARY.ghToken,
    ];
    const log = `env: ${forwarded.join(' ; ')} json=${JSON.stringify({ k: CANARY.apiKey })} region us-east-1 USE=1`;
    const out = redactSecrets(log, p);
    expect(leakedCanaries(out)).toEqual([]);
    expect(out).toContain(REDACTED);
    expect(out).toContain('region us-east-1 USE=1');
  });

  it('knows the secrets of the cloud files (Bedrock and Vertex)', async () => {
    const bedrock = await everything('bedrock');
    expect(
      redactSecrets(
        `x ${CANARY.awsSecret} ${CANARY.awsSession} ${CANARY.bedrockBearer} y`,
        bedrock,
      ),
    ).toBe(`x ${REDACTED} ${REDACTED} ${REDACTED} y`);
    const vertex = await everything('vertex');
    expect(redactSecrets(`${CANARY.googleSecret} ${CANARY.googleRefresh}`, vertex)).toBe(
      `${REDACTED} ${REDACTED}`,
    );
  });
});

describe('createStreamRedactor', () => {
  it('catches a secret split across chunks at any point, and loses no other text', async () => {
    const p = await everything('anthropic');
    const text = `key=${CANARY.apiKey}\nsk-ant is a prefix, s at the end: s`;
    const expected = redactSecrets(text, p);
    expect(expected).not.toContain(CANARY.apiKey);
    for (let cut = 1; cut < text.length; cut++) {
      const r = createStreamRedactor(p);
      const out = r.push(text.slice(0, cut)) + r.push(text.slice(cut)) + r.flush();
      expect([cut, out]).toEqual([cut, expected]);
    }
    // One character at a time: what is emitted never holds the secret.
    const r = createStreamRedactor(p);
    let out = '';
    for (const ch of text) out += r.push(ch);
    out += r.flush();
    expect(out).toBe(expected);
  });
});

describe('redactingSink', () => {
  it('redacts each stream on its own, across chunks, and flushes what it held back', async () => {
    const p = await everything('anthropic');
    const got: [string, string][] = [];
    const r = redactingSink(
      (stream: 'stdout' | 'stderr', text: string) => got.push([stream, text]),
      p,
    );
    const half = Math.floor(CANARY.apiKey.length / 2);
    r.sink('stdout', `a ${CANARY.apiKey.slice(0, half)}`);
    r.sink('stderr', 'err sk-an');
    r.sink('stdout', `${CANARY.apiKey.slice(half)} b`);
    r.flush();
    const text = (s: string) =>
      got
        .filter(([k]) => k === s)
        .map(([, t]) => t)
        .join('');
    expect(text('stdout')).toBe(`a ${REDACTED} b`);
    expect(text('stderr')).toBe('err sk-an');
  });
});

describe('credentialsTar', () => {
  it('owns every entry by the container user, keeps file modes and adds private parent folders', async () => {
    const p = await everything('anthropic');
    const tar = await credentialsTar(p, { uid: 1000, gid: 1001, home: CONTAINER_HOME });
    const headers: { name: string; mode: number; uid: number; gid: number; type: string }[] = [];
    await new Promise<void>((resolve, reject) => {
      const x = extract();
      x.on('entry', (h, stream, next) => {
        headers.push({ name: h.name, mode: h.mode!, uid: h.uid!, gid: h.gid!, type: h.type! });
        stream.on('end', next);
        stream.resume();
      });
      x.on('finish', resolve);
      x.on('error', reject);
      x.end(tar);
    });
    for (const h of headers) expect([h.name, h.uid, h.gid]).toEqual([h.name, 1000, 1001]);
    const mode = (name: string) => headers.find((h) => h.name.replace(/\/$/, '') === name)?.mode;
    expect(mode('home/claude')).toBe(0o755);
    expect(mode('home/claude/.claude')).toBe(0o700);
    expect(mode('home/claude/.claude/.credentials.json')).toBe(0o600);
    expect(mode('home/claude/.claude.json')).toBe(0o600);
    // Folders come before the files in them.
    const names = headers.map((h) => h.name.replace(/\/$/, ''));
    expect(names.indexOf('home/claude/.claude')).toBeLessThan(
      names.indexOf('home/claude/.claude/.credentials.json'),
    );
  });

  it('refuses a file outside the container home', async () => {
    await expect(
      credentialsTar(
        { files: [{ containerPath: '/etc/passwd', content: Buffer.from('x'), mode: 0o644 }] },
        {
          uid: 1,
          gid: 1,
          home: CONTAINER_HOME,
        },
      ),
    ).rejects.toThrow(/outside/);
  });
});
