/**
 * The app killed (SIGKILL) while it writes a refreshed login to the host: a session's login is
 * refreshed in a tight loop, a core in a process of its own pulls each refresh into the host
 * file, and the process is killed at random moments, again and again. The host file is always
 * one whole login (the old or a new one), never part of one; the next process takes over the
 * dead one's lock and keeps syncing. Once per engine.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectEngineAt } from '../../src/main/engine';
import type { Engine } from '../../src/main/engine/types';
import type { SessionInfo } from '../../src/shared/schemas/session';
import { TEST_BASE_IMAGE, describeEachEngine } from '../helpers/engines';
import { makeFixtureRepo, type FixtureRepo } from '../helpers/fixture-repo';
import { claudeJsonText, loginText } from '../helpers/login-fixture';
import { CoreProcess } from './core-process';

const T0 = Date.now() + 3_600_000;
const PAD = 40_000;

/** Rewrites the login (temp + mv, as Claude Code's refresh would land) every 20 ms, forever. */
const REFRESHER = `pad=$(head -c ${PAD} /dev/zero | tr '\\0' x)
i=0
while :; do
  i=$((i + 1))
  printf '{"claudeAiOauth":{"accessToken":"tok-%s","expiresAt":%s,"pad":"%s"}}' "$i" "$((${T0} + i * 1000))" "$pad" >~/.claude/.credentials.json.new
  mv -f ~/.claude/.credentials.json.new ~/.claude/.credentials.json
  sleep 0.02
done`;

describeEachEngine('login sync when the app is killed mid-write', (te) => {
  let tmp: string;
  let repo: FixtureRepo;
  let engine: Engine;
  let proc: CoreProcess | null = null;
  let session: SessionInfo | null = null;
  let hostFile: string;

  /** The host file as a login: whole, or the test fails. */
  const hostLogin = () => {
    const text = readFileSync(hostFile, 'utf8');
    const v = JSON.parse(text) as { claudeAiOauth: { expiresAt: number; pad?: string } };
    return v.claudeAiOauth;
  };

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ccr-login-kill-'));
    mkdirSync(join(tmp, 'home', '.claude'), { recursive: true });
    hostFile = join(tmp, 'home', '.claude', '.credentials.json');
    writeFileSync(hostFile, loginText('tok-0', T0), { mode: 0o600 });
    writeFileSync(join(tmp, 'home', '.claude.json'), claudeJsonText(null));
    repo = makeFixtureRepo();
    engine = await connectEngineAt(te.address);
  }, 120_000);

  afterAll(async () => {
    await proc?.kill9().catch(() => undefined);
    if (session?.containerId)
      await engine.removeContainer(session.containerId, { force: true }).catch(() => undefined);
    repo?.cleanup();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('leaves a whole login on the host whenever it dies, and the next process carries on', async () => {
    const configPath = join(tmp, 'config.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        dockerImage: TEST_BASE_IMAGE,
        buildImage: false,
        network: 'none',
        agent: { command: ['sleep', 'infinity'] },
      }),
    );
    proc = new CoreProcess(join(tmp, 'data'), join(tmp, 'home'), te.address);
    session = await proc.call('startSession', { folder: repo.dir, configPath });
    expect(session.status).toBe('running');
    const started = await engine.exec(session.containerId!, {
      cmd: [
        'bash',
        '-c',
        'setsid bash -c "$1" </dev/null >/dev/null 2>&1 &',
        'refresher',
        REFRESHER,
      ],
      ...(session.containerUser ? { user: session.containerUser } : {}),
    });
    expect(started.exitCode).toBe(0);

    let last = hostLogin().expiresAt;
    for (let round = 0; round < 5; round++) {
      if (!proc) proc = new CoreProcess(join(tmp, 'data'), join(tmp, 'home'), te.address);
      // This process is syncing: the host file moves on.
      await expect.poll(() => hostLogin().expiresAt > last, { timeout: 30_000 }).toBe(true);
      await new Promise((r) => setTimeout(r, Math.random() * 300));
      await proc.kill9();
      proc = null;
      const now = hostLogin();
      expect(now.pad).toHaveLength(PAD);
      expect(now.expiresAt).toBeGreaterThanOrEqual(last);
      last = now.expiresAt;
    }
  }, 300_000);
});
