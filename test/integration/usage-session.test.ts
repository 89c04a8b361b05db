/**
 * Usage through the core, on both engines: transcript lines written in a session's container
 * (as the session's user, where Claude Code writes them) come out as usageChanged events and
 * getUsage figures that match the fixture exactly. A fork with the conversation copied counts
 * only its own messages (the copied ones stay its source's). After an app restart the totals are kept and
 * only bytes written since are read (the bytes already read are changed in place while the app
 * is down: reading them again would count different messages), and a container without the
 * usage script (made by an older app) gets it. A second process without watchers announces the
 * figures too. A stopped session keeps its figures; a removed one loses them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core';
import { connectEngineAt } from '../../src/main/engine';
import type { Engine } from '../../src/main/engine/types';
import type { SessionInfo } from '../../src/shared/schemas/session';
import type { SessionUsage } from '../../src/shared/schemas/usage';
import { describeEachEngine } from '../helpers/engines';
import { makeFixtureRepo, type FixtureRepo } from '../helpers/fixture-repo';
import { FIXTURE_DOCKERFILE, SESSION_TEST_IMAGE } from '../helpers/session-harness';

const ctx = { transport: 'local' as const, signal: new AbortController().signal };
const FIXTURE = join(__dirname, '../unit/usage/fixtures/projects/-workspace');
const MAIN = readFileSync(join(FIXTURE, '0b1c2d3e.jsonl'));
const SUB = readFileSync(join(FIXTURE, '0b1c2d3e/subagents/agent-a1.jsonl'));
const lines = (b: Buffer) => b.toString('utf8').split(/(?<=\n)/);

const tokens = (input: number, output: number, cacheCreation: number, cacheRead: number) => ({
  input,
  output,
  cacheCreation,
  cacheRead,
});
/** The whole fixture, as counted by hand in test/unit/usage/usage.test.ts. */
const ALL = { tokens: tokens(28, 280, 1600, 36000), costUsd: 0.028845 };

describeEachEngine('usage from the transcripts in a session', (te) => {
  let tmp: string;
  let repo: FixtureRepo;
  let engine: Engine;
  let core: Core;
  let s: SessionInfo;
  const changes: SessionUsage[] = [];

  const makeCore = async () => {
    const c = await createCore({
      dataDir: join(tmp, 'data'),
      mode: 'web',
      version: '0.0.0-test',
      env: { PATH: process.env.PATH, DOCKER_HOST: te.address },
      homeDir: tmp,
    });
    c.bus.subscribe((name, payload) => {
      if (name === 'usageChanged') changes.push(payload as SessionUsage);
    });
    return c;
  };

  let fork: SessionInfo | undefined;
  /** Appends (or with `replace`, rewrites in place) a transcript file as the session's user. */
  const write = async (rel: string, data: Buffer | string, replace = false, into = s) => {
    const r = await engine.exec(into.containerId!, {
      cmd: [
        'sh',
        '-c',
        'f="${CLAUDE_CONFIG_DIR:-$HOME/.claude}/projects/$1"; mkdir -p "${f%/*}" && if [ "$2" = replace ]; then cat >"$f"; else cat >>"$f"; fi',
        'sh',
        rel,
        replace ? 'replace' : 'append',
      ],
      user: into.containerUser || undefined,
      stdin: Buffer.from(data),
    });
    expect(r.exitCode, r.stderr.toString()).toBe(0);
  };
  const usageNow = async () =>
    (await core.handlers.getUsage({ sessionId: s.id }, ctx)).sessions[0]!;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ccr-usage-session-'));
    repo = makeFixtureRepo();
    engine = await connectEngineAt(te.address);
    core = await makeCore();
    const configPath = join(tmp, 'config.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        dockerImage: SESSION_TEST_IMAGE,
        dockerfile: FIXTURE_DOCKERFILE,
        network: te.name === 'docker' ? 'none' : 'default',
        agent: { command: ['scripted-agent'] },
      }),
    );
    s = await core.handlers.startSession({ folder: repo.dir, configPath }, ctx);
    expect(s.status).toBe('running');
  }, 600_000);

  afterAll(async () => {
    await core?.dispose();
    for (const x of [s, fork])
      if (x?.containerId)
        await engine.removeContainer(x.containerId, { force: true }).catch(() => undefined);
    repo?.cleanup();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('announces the figures of lines written in the container, exactly', async () => {
    const main = lines(MAIN);
    // A line written in two parts (the agent mid-write) counts once it is complete.
    const half = Math.floor(main[1]!.length / 2);
    await write('-workspace/0b1c2d3e.jsonl', main[0]! + main[1]!.slice(0, half));
    await write('-workspace/0b1c2d3e.jsonl', main[1]!.slice(half));
    await expect
      .poll(() => changes.at(-1)?.tokens, { timeout: 20_000 })
      .toEqual(tokens(10, 100, 1000, 10000));
    // A second process on the data dir (a CLI, another window) runs no watcher: it reads the
    // records, and announces what the watching process writes.
    const other = await createCore({
      dataDir: join(tmp, 'data'),
      mode: 'web',
      version: '0.0.0-test',
      env: { PATH: process.env.PATH, DOCKER_HOST: te.address },
      homeDir: tmp,
      importCommits: 'on-request',
    });
    const seenByOther: SessionUsage[] = [];
    other.bus.subscribe((name, payload) => {
      if (name === 'usageChanged') seenByOther.push(payload as SessionUsage);
    });
    try {
      await write('-workspace/0b1c2d3e.jsonl', main.slice(2, -1).join(''));
      await write('-workspace/0b1c2d3e/subagents/agent-a1.jsonl', SUB);
      await expect
        .poll(() => changes.at(-1)?.tokens, { timeout: 20_000 })
        .toEqual(tokens(27, 270, 1500, 35000));
      const u = await usageNow();
      expect(u.tokens).toEqual(tokens(27, 270, 1500, 35000));
      expect(u.costUsd).toBe(0.028017);
      expect(u.unpricedModels).toEqual(['claude-future-9']);
      expect(changes.every((c) => c.sessionId === s.id)).toBe(true);
      await expect
        .poll(() => seenByOther.at(-1)?.tokens, { timeout: 20_000 })
        .toEqual(tokens(27, 270, 1500, 35000));
      expect((await other.handlers.getUsage({}, ctx)).sessions.map((x) => x.tokens)).toEqual([
        tokens(27, 270, 1500, 35000),
      ]);
    } finally {
      await other.dispose();
    }
  });

  it("counts a fork's own messages only: its copied conversation is its source's", async () => {
    fork = await core.handlers.forkSession({ id: s.id, copyConversation: true }, ctx);
    expect(fork.status).toBe('running');
    const copied = await engine.exec(fork.containerId!, {
      cmd: ['sh', '-c', 'ls "${CLAUDE_CONFIG_DIR:-$HOME/.claude}/projects/-workspace"'],
      user: fork.containerUser || undefined,
    });
    expect(copied.stdout.toString()).toContain('0b1c2d3e.jsonl');
    const own = JSON.stringify({
      type: 'assistant',
      timestamp: '2026-12-01T12:00:00.000Z',
      requestId: 'req_fork',
      message: {
        id: 'msg_fork',
        model: 'claude-sonnet-4-5-20250929',
        usage: { input_tokens: 4, output_tokens: 40 },
      },
    });
    await write('-workspace/fork.jsonl', `${own}\n`, false, fork);
    const forkUsage = async () =>
      (await core.handlers.getUsage({ sessionId: fork!.id }, ctx)).sessions[0]!.tokens;
    await expect.poll(forkUsage, { timeout: 30_000 }).toEqual(tokens(4, 40, 0, 0));
    expect((await usageNow()).tokens).toEqual(tokens(27, 270, 1500, 35000));
    await core.handlers.removeSession({ id: fork.id, force: true }, ctx);
    const left = await core.handlers.getUsage({}, ctx);
    expect(left.sessions.map((x) => x.sessionId)).toEqual([s.id]);
  });

  it('keeps the totals across an app restart and reads only what was written since', async () => {
    await core.dispose();
    // A container made before the app had the usage script gets it when the watcher starts.
    const rm = await engine.exec(s.containerId!, {
      cmd: ['rm', '-f', '--', '/opt/ccr/bin/usage-watch'],
      user: 'root',
    });
    expect(rm.exitCode).toBe(0);
    // While the app is down: the bytes already read change in place (other message ids, other
    // counts, same length), and the next day's line is appended.
    const main = lines(MAIN);
    const changed = main
      .slice(0, -1)
      .join('')
      .replaceAll('"msg_A"', '"msg_Q"')
      .replaceAll('"input_tokens": 10,', '"input_tokens": 90,');
    expect(changed.length).toBe(main.slice(0, -1).join('').length);
    await write('-workspace/0b1c2d3e.jsonl', changed + main.at(-1)!, true);
    changes.length = 0;
    core = await makeCore();
    await expect.poll(() => changes.at(-1)?.tokens, { timeout: 30_000 }).toEqual(ALL.tokens);
    const u = await usageNow();
    expect({ tokens: u.tokens, costUsd: u.costUsd }).toEqual(ALL);
    expect(u.byDay.map((d) => d.day)).toEqual(['2026-11-30', '2026-12-01']);
  });

  it('takes nothing from a usage script that lies, and puts the real one back', async () => {
    // An agent running as root could replace the kit script: its output stays untrusted.
    const hostile = [
      '#!/bin/bash',
      'echo run >>/tmp/hostile-runs',
      'p=${CLAUDE_CONFIG_DIR:-$HOME/.claude}/projects',
      'printf \'dir %s\\n\' "$p"',
      'case $(wc -l </tmp/hostile-runs) in',
      "  1) printf 'chunk 5 0 /etc/passwd\\nroot:' ;;",
      '  2) printf \'chunk 5 0 %s/../../x.jsonl\\nhello\' "$p" ;;',
      '  *) printf \'chunk 99999999 0 %s/-workspace/0b1c2d3e.jsonl\\n\' "$p" ;;',
      'esac',
      'exec cat >/dev/null',
      '',
    ].join('\n');
    const asRoot = (cmd: string[], stdin?: string) =>
      engine.exec(s.containerId!, {
        cmd,
        user: 'root',
        ...(stdin !== undefined ? { stdin: Buffer.from(stdin) } : {}),
      });
    const script = '/opt/ccr/bin/usage-watch';
    expect(
      (await asRoot(['sh', '-c', 'cat >"$1" && chmod 755 "$1"', 'sh', script], hostile)).exitCode,
    ).toBe(0);
    const before = (await usageNow()).tokens;
    await core.dispose();
    core = await makeCore();
    // Each lie ends that watcher; it is started again (with backoff) and lies again.
    const runs = async () =>
      (await asRoot(['sh', '-c', 'wc -l </tmp/hostile-runs 2>/dev/null || echo 0'])).stdout
        .toString()
        .trim();
    await expect
      .poll(async () => Number(await runs()), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(3);
    expect((await usageNow()).tokens).toEqual(before);
    const record = JSON.parse(readFileSync(join(tmp, 'data', 'usage', `${s.id}.json`), 'utf8')) as {
      files: Record<string, unknown>;
    };
    for (const path of Object.keys(record.files))
      expect(path).toMatch(/\/\.claude\/projects\/-workspace\//);
    // Gone again: the watcher puts the real script back (as for a container made before it).
    expect((await asRoot(['rm', '-f', '--', script])).exitCode).toBe(0);
    const more = JSON.stringify({
      type: 'assistant',
      timestamp: '2026-12-01T12:00:00.000Z',
      requestId: 'req_after_lies',
      message: {
        id: 'msg_after_lies',
        model: 'claude-sonnet-4-5-20250929',
        usage: { input_tokens: 1, output_tokens: 10 },
      },
    });
    await write('-workspace/0b1c2d3e.jsonl', `${more}\n`);
    await expect
      .poll(async () => (await usageNow()).tokens, { timeout: 60_000 })
      .toEqual({ ...before, input: before.input + 1, output: before.output + 10 });
  });

  it('keeps a stopped session figures, counts on after a restart, forgets a removed one', async () => {
    const stopped = await core.handlers.stopSession({ id: s.id }, ctx);
    expect(stopped.status).toBe('stopped');
    expect((await usageNow()).tokens).toEqual(tokens(29, 290, 1600, 36000));
    const all = await core.handlers.getUsage({}, ctx);
    expect(all.sessions.map((x) => x.sessionId)).toEqual([s.id]);
    s = await core.handlers.restartSession({ id: s.id }, ctx);
    expect(s.status).toBe('running');
    const more = JSON.stringify({
      type: 'assistant',
      timestamp: '2026-12-01T12:00:00.000Z',
      requestId: 'req_after_restart',
      message: {
        id: 'msg_after_restart',
        model: 'claude-sonnet-4-5-20250929',
        usage: { input_tokens: 2, output_tokens: 20 },
      },
    });
    await write('-workspace/0b1c2d3e.jsonl', `${more}\n`);
    await expect
      .poll(async () => (await usageNow()).tokens, { timeout: 30_000 })
      .toEqual(tokens(31, 310, 1600, 36000));
    await core.handlers.removeSession({ id: s.id }, ctx);
    expect((await core.handlers.getUsage({}, ctx)).sessions).toEqual([]);
  });
});
