/**
 * Claude login sync through real sessions, once per engine. Two sessions run a scripted agent
 * that rewrites its Claude credentials file when asked (as Claude Code does on a refresh); the
 * host keeps its login in a temp home. A newer login in session A reaches the host file within
 * 2 s and session B within 2 s more; a host refresh reaches both; an older copy, another
 * account's copy and a corrupt file never win, the last two with a reason in the session's log
 * and never a token anywhere in the events.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HostAccount } from '../../src/main/claude-login/host-account';
import { FileLoginStore } from '../../src/main/claude-login/host-store';
import { LoginSyncService } from '../../src/main/claude-login/service';
import { writeLoginFileAtomic } from '../../src/main/claude-login/atomic-file';
import { planCredentials } from '../../src/main/credentials';
import type { SessionLoginSync } from '../../src/shared/schemas/claude-login';
import type { SessionInfo } from '../../src/shared/schemas/session';
import { describeEachEngine } from '../helpers/engines';
import { git } from '../helpers/fixture-repo';
import { makeHarness, type Harness } from '../helpers/session-harness';
import { claudeJsonText, loginText } from '../helpers/login-fixture';

/** The scripted agent: writes what the test drops in its inbox to its login files. */
const AGENT = `mkdir -p /tmp/agent-inbox
echo agent-ready
while :; do
  for f in /tmp/agent-inbox/*; do
    [ -f "$f" ] || continue
    case \${f##*/} in
      credentials) cat "$f" > ~/.claude/.credentials.json ;;
      claude-json) cat "$f" > ~/.claude.json ;;
    esac
    rm -f "$f"
  done
  sleep 0.05
done`;

const HOUR = 3_600_000;
const T0 = Date.now() + HOUR;
const ACCOUNT = 'uuid-ada';

describeEachEngine('Claude login sync', (te) => {
  let h: Harness;
  let repoDir: string;
  let a: SessionInfo;
  let b: SessionInfo;
  let service: LoginSyncService;
  let hostFile: string;
  const warnings: string[] = [];
  /** loginSynced events with the moment they were emitted (the copy was written by then). */
  const synced: { sessionId: string | null; direction: string; t: number }[] = [];
  const writtenInto = (s: SessionInfo, since: number) =>
    until(
      `a write into session ${s.name}`,
      () => {
        const e = synced.find(
          (x) => x.sessionId === s.id && x.direction === 'to-session' && x.t >= since,
        );
        return e ? e.t : false;
      },
      5000,
    );

  const exec = async (s: SessionInfo, script: string, stdin?: string) => {
    const r = await h.engine.exec(s.containerId!, {
      cmd: ['bash', '-c', script],
      user: s.containerUser,
      ...(stdin !== undefined ? { stdin: Buffer.from(stdin) } : {}),
    });
    if (r.exitCode !== 0) throw new Error(`exec failed: ${r.stderr.toString()}`);
    return r.stdout.toString();
  };
  /** Pids of the login watcher in the session (one long-lived process, never a restart loop). */
  const watcherPids = (s: SessionInfo) =>
    exec(
      s,
      'for p in /proc/[0-9]*; do c=$(tr "\\0" " " <"$p/cmdline" 2>/dev/null); case $c in "/bin/bash /opt/ccr/bin/claude-login watch "*) echo "${p#/proc/}";; esac; done',
    );
  let firstPids = '';
  const containerLogin = (s: SessionInfo) => exec(s, 'cat ~/.claude/.credentials.json');
  /** Asks the agent to write `name` (credentials | claude-json) with `text`. */
  const agentWrites = (s: SessionInfo, name: string, text: string) =>
    exec(
      s,
      `cat > /tmp/agent-inbox/.next && mv /tmp/agent-inbox/.next /tmp/agent-inbox/${name}`,
      text,
    );
  const hostText = () => readFileSync(hostFile, 'utf8');
  /** Polls `check` until it holds; resolves with the time it first held. */
  const until = async (
    what: string,
    check: () => boolean | number | Promise<boolean>,
    ms = 10_000,
  ): Promise<number> => {
    const end = Date.now() + ms;
    for (;;) {
      const ok = await check();
      if (typeof ok === 'number') return ok;
      if (ok) return Date.now();
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const stateOf = async (s: SessionInfo): Promise<SessionLoginSync | undefined> =>
    (await service.report()).sessions.find((x) => x.sessionId === s.id);
  const logOf = (s: SessionInfo) =>
    h.events
      .filter((e) => e.name === 'sessionLog')
      .map((e) => e.payload as { sessionId: string; text: string })
      .filter((p) => p.sessionId === s.id)
      .map((p) => p.text)
      .join('');

  beforeAll(async () => {
    h = await makeHarness(te.address, { planCredentials });
    h.bus.subscribe((name, payload) => {
      if (name !== 'loginSynced') return;
      const p = payload as { sessionId: string | null; direction: string };
      synced.push({ sessionId: p.sessionId, direction: p.direction, t: Date.now() });
    });
    mkdirSync(join(h.homeDir, '.claude'), { recursive: true });
    hostFile = join(h.homeDir, '.claude', '.credentials.json');
    writeFileSync(hostFile, loginText('tok-host-0', T0), { mode: 0o600 });
    writeFileSync(join(h.homeDir, '.claude.json'), claudeJsonText(ACCOUNT));

    repoDir = mkdtempSync(join(tmpdir(), 'ccr-login-repo-'));
    git(repoDir, 'init', '-q', '-b', 'main');
    writeFileSync(join(repoDir, 'a.txt'), 'a\n');
    git(repoDir, 'add', '.');
    git(repoDir, 'commit', '-q', '-m', 'init');

    const manager = h.manager();
    await manager.init();
    const config = h.config({ agent: { command: ['bash', '-c', AGENT] } });
    a = await manager.start({ folder: repoDir, name: 'login-a', configPath: config });
    b = await manager.start({ folder: repoDir, name: 'login-b', configPath: config });
    await h.launcher.waitFor(a.id, 'agent-ready');
    await h.launcher.waitFor(b.id, 'agent-ready');

    service = new LoginSyncService({
      bus: h.bus,
      store: new FileLoginStore(hostFile),
      hostAccount: new HostAccount([join(h.homeDir, '.claude.json')]),
      engineFor: async () => h.engine,
      warn: (m) => warnings.push(m),
    });
    await service.setActive(true, [a, b]);
  }, 600_000);

  afterAll(async () => {
    await service?.dispose();
    await h?.cleanup();
    if (repoDir) rmSync(repoDir, { recursive: true, force: true });
  });

  it('both sessions start in step with the host, as its account', async () => {
    for (const s of [a, b]) {
      await until('in step', async () => (await stateOf(s))?.state === 'in-step');
      const st = await stateOf(s);
      expect(st?.account).toBe('ada@example.com');
      expect(st?.expiresAt).toBe(new Date(T0).toISOString());
      expect(st?.lastSyncedAt).not.toBeNull();
    }
    firstPids = await watcherPids(a);
    expect(firstPids).toMatch(/^\d+\n$/);
    const r = await service.report();
    expect(r.host).toMatchObject({
      store: 'file',
      source: hostFile,
      account: 'ada@example.com',
      expired: false,
    });
    expect(r.active).toBe(true);
  });

  it('a refresh in session A reaches the host file within 2 s, and session B within 2 s more', async () => {
    const refreshed = loginText('tok-refreshed-in-a', T0 + HOUR);
    const t0 = Date.now();
    await agentWrites(a, 'credentials', refreshed);
    const atHost = await until('the host file', () => hostText() === refreshed, 5000);
    expect(atHost - t0).toBeLessThan(2000);
    const inB = await writtenInto(b, t0);
    expect(inB - atHost).toBeLessThan(2000);
    expect(await containerLogin(b)).toBe(refreshed);
    await until('events', () =>
      h.events.some(
        (e) => e.name === 'loginSynced' && (e.payload as { sessionId: string }).sessionId === b.id,
      ),
    );
    const synced = h.events.filter((e) => e.name === 'loginSynced').map((e) => e.payload);
    expect(synced).toContainEqual(
      expect.objectContaining({ sessionId: a.id, direction: 'to-host' }),
    );
    expect(synced).toContainEqual(
      expect.objectContaining({ sessionId: b.id, direction: 'to-session' }),
    );
    expect((await stateOf(a))?.state).toBe('pulled');
    expect((await stateOf(b))?.state).toMatch(/pushed|in-step/);
  });

  it('a refresh on the host (its own claude) reaches both sessions within 2 s', async () => {
    const onHost = loginText('tok-refreshed-on-host', T0 + 2 * HOUR);
    const t0 = Date.now();
    await writeLoginFileAtomic(hostFile, onHost);
    for (const s of [a, b]) {
      const at = await writtenInto(s, t0);
      expect(at - t0).toBeLessThan(2000);
      expect(await containerLogin(s)).toBe(onHost);
    }
  });

  it('an older copy in a session never wins: the host keeps its login and gives it back', async () => {
    const current = hostText();
    await agentWrites(a, 'credentials', loginText('tok-stale', T0 - HOUR));
    await until('A given the host login', async () => (await containerLogin(a)) === current);
    expect(hostText()).toBe(current);
  });

  it('a corrupt copy is ignored with the reason in the session log, never its content', async () => {
    const current = hostText();
    await agentWrites(a, 'credentials', '{"claudeAiOauth": {"accessToken": "tok-CORRUPT-SECRET"');
    await until('the log line', () =>
      logOf(a).includes('credentials file is ignored: not valid JSON'),
    );
    expect((await stateOf(a))?.state).toBe('corrupt');
    expect(hostText()).toBe(current);
    expect(await containerLogin(b)).toBe(current);
    expect(JSON.stringify(h.events)).not.toContain('CORRUPT-SECRET');
  });

  it("another account's newer login never wins, either way", async () => {
    const current = hostText();
    // A /login as someone else: the account first, then a login newer than the host's.
    await agentWrites(b, 'claude-json', claudeJsonText('uuid-grace', 'grace@example.com'));
    await agentWrites(b, 'credentials', loginText('tok-OTHER-ACCOUNT', T0 + 9 * HOUR));
    await until('the log line', () => logOf(b).includes('logged in as grace@example.com'));
    expect(logOf(b)).toContain('the host as ada@example.com: not synced either way');
    expect((await stateOf(b))?.state).toBe('other-account');
    expect(hostText()).toBe(current);
    // A host refresh does not reach B either.
    const onHost = loginText('tok-host-again', T0 + 3 * HOUR);
    await writeLoginFileAtomic(hostFile, onHost);
    await until('the host change handled', async () => {
      await service.idle();
      return (await stateOf(b))?.state === 'other-account' && hostText() === onHost;
    });
    expect(await containerLogin(b)).toContain('tok-OTHER-ACCOUNT');
  });

  it('no token in any event, and nothing went wrong on the host side', () => {
    const events = JSON.stringify(h.events);
    for (const t of ['tok-refreshed-in-a', 'tok-refreshed-on-host', 'tok-OTHER', 'tok-host-0'])
      expect(events).not.toContain(t);
    expect(warnings).toEqual([]);
  });

  it('the session kept one login watcher the whole time', async () => {
    expect(await watcherPids(a)).toBe(firstPids);
  });
});
