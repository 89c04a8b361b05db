/**
 * A session's conversation across restarts, on real engines with the scripted agent (it prints
 * its args): a stopped and restarted session's agent gets the resume args, "Restart fresh"
 * does not; a fork starts at the branch tip the host imported, with its own branch and
 * container, and with the transcripts copied (and resumed) only when asked; export writes the
 * transcripts to a host folder and refuses links and a link planted in the target.
 */
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundleFromContainer } from '../../src/main/commits/transfer';
import type { SessionManager } from '../../src/main/sessions/manager';
import type { SessionInfo } from '../../src/shared/schemas/session';
import { describeEachEngine } from '../helpers/engines';
import { git, makeFixtureRepo, type FixtureRepo } from '../helpers/fixture-repo';
import { makeHarness, type Harness } from '../helpers/session-harness';

const TRANSCRIPT = '{"type":"user","message":{"role":"user","content":"hello"}}\n';

describeEachEngine('sessions: resume, restart fresh, fork, export', (te) => {
  let h: Harness;
  let m: SessionManager;
  let repo: FixtureRepo;
  let s: SessionInfo;
  const temps: string[] = [];
  const temp = () => {
    const d = mkdtempSync(join(tmpdir(), 'ccr-resume-'));
    temps.push(d);
    return d;
  };

  async function sh(session: SessionInfo, cmd: string[]): Promise<string> {
    const r = await h.engine.exec(session.containerId!, {
      cmd,
      user: session.containerUser,
      workdir: '/workspace',
    });
    if (r.exitCode !== 0)
      throw new Error(`${cmd.join(' ')} exited ${r.exitCode}: ${r.stderr.toString()}`);
    return r.stdout.toString('utf8');
  }

  /** The agent's output of its next run (the launcher keeps one text per session). */
  async function nextRun(id: string, action: () => Promise<unknown>): Promise<string> {
    h.launcher.output.delete(id);
    await action();
    return h.launcher.waitFor(id, 'scripted-agent done');
  }

  beforeAll(async () => {
    h = await makeHarness(te.address);
    repo = makeFixtureRepo();
    m = h.manager();
    await m.init();
    const configPath = h.config({
      agent: { command: ['scripted-agent'], resume: ['--continue'] },
    });
    s = await m.start({ folder: repo.dir, configPath, name: 'claude/resume-src', prompt: 'first' });
    // What Claude Code leaves in the home: a transcript, plus links a hostile agent could plant.
    await sh(s, [
      'sh',
      '-c',
      'd="$HOME/.claude/projects/-workspace"; mkdir -p "$d/sub" && printf %s "$1" > "$d/abc.jsonl" && printf x > "$d/sub/agent-1.jsonl" && ln -s /etc/passwd "$d/evil.jsonl" && ln -s / "$HOME/.claude/projects/root"',
      'sh',
      TRANSCRIPT,
    ]);
  }, 600_000);

  afterAll(async () => {
    await h?.cleanup();
    repo?.cleanup();
    for (const d of temps) rmSync(d, { recursive: true, force: true });
  });

  it('the first run has the prompt and no resume args', async () => {
    const out = await h.launcher.waitFor(s.id, 'scripted-agent done');
    expect(out).toContain('arg: first');
    expect(out).not.toContain('arg: --continue');
  });

  it('a stopped and restarted session resumes: its agent gets --continue, no prompt', async () => {
    await m.stop(s.id);
    expect(m.get(s.id).status).toBe('stopped');
    const out = await nextRun(s.id, () => m.restart(s.id));
    expect(out).toContain('arg: --continue');
    expect(out).not.toContain('arg: first');
    // The transcripts survived the stop.
    expect(await sh(s, ['sh', '-c', 'cat "$HOME/.claude/projects/-workspace/abc.jsonl"'])).toBe(
      TRANSCRIPT,
    );
  });

  it('"Restart fresh" starts the agent without the resume args', async () => {
    const out = await nextRun(s.id, () => m.restart(s.id, { fresh: true }));
    expect(out).toContain('scripted-agent uid=1000');
    expect(out).not.toContain('arg: --continue');
  });

  it('forks at the imported branch tip with its own branch and container, the conversation copied and resumed', async () => {
    // Nothing imported yet: there is no tip on the host to fork from.
    await expect(m.fork({ id: s.id })).rejects.toMatchObject({ code: 'fork-no-branch' });
    // The agent commits; the host imports the branch as the commits service does (a bundle).
    await sh(s, [
      'sh',
      '-c',
      'printf fork-me > forked.txt && git add forked.txt && git -c user.name=Agent -c user.email=a@example.invalid commit -q -m "agent work"',
    ]);
    const tipInContainer = (await sh(s, ['git', 'rev-parse', 'HEAD'])).trim();
    const bundle = await bundleFromContainer(
      {
        engine: h.engine,
        containerId: s.containerId!,
        user: s.containerUser,
        workdir: '/workspace',
        branch: s.branch,
      },
      [],
    );
    try {
      git(repo.dir, 'fetch', '-q', bundle.path, `refs/heads/${s.branch}:refs/heads/${s.branch}`);
    } finally {
      await bundle.dispose();
    }
    const tip = git(repo.dir, 'rev-parse', `refs/heads/${s.branch}`).trim();
    expect(tip).toBe(tipInContainer);

    const fork = await m.fork({ id: s.id, copyConversation: true, prompt: 'carry on' });
    expect(fork.id).not.toBe(s.id);
    expect(fork.branch).not.toBe(s.branch);
    expect(fork.containerId).not.toBe(s.containerId);
    expect(fork.baseCommit).toBe(tip);
    expect(fork.status).toBe('running');
    const out = await h.launcher.waitFor(fork.id, 'scripted-agent done');
    expect(out).toContain(`branch=${fork.branch}`);
    expect(out).toContain('arg: --continue');
    expect(out).toContain('arg: carry on');
    // At the tip, with the agent's file, without the user's uncommitted edits.
    expect((await sh(fork, ['git', 'rev-parse', 'HEAD'])).trim()).toBe(tip);
    expect(await sh(fork, ['cat', 'forked.txt'])).toBe('fork-me');
    expect(await sh(fork, ['git', 'status', '--porcelain'])).toBe('');
    // The transcript came along, owned by the fork's user; the links did not.
    const listing = await sh(fork, [
      'sh',
      '-c',
      'cd "$HOME/.claude/projects" && find . -printf "%p %y %u\\n" | sort',
    ]);
    expect(listing).toContain('./-workspace/abc.jsonl f agent');
    expect(listing).toContain('./-workspace/sub/agent-1.jsonl f agent');
    expect(listing).not.toContain('evil');
    expect(listing).not.toContain('./root');
    expect(await sh(fork, ['sh', '-c', 'cat "$HOME/.claude/projects/-workspace/abc.jsonl"'])).toBe(
      TRANSCRIPT,
    );
    const logs = h.events
      .filter(
        (e) =>
          e.name === 'sessionLog' && (e.payload as { sessionId: string }).sessionId === fork.id,
      )
      .map((e) => (e.payload as { text: string }).text)
      .join('');
    expect(logs).toContain('conversation copied (2 file(s)');
    expect(logs).toMatch(/not copied: "projects\/-workspace\/evil.jsonl": a symlink entry/);
  });

  it('a fork without the conversation starts fresh with no transcripts', async () => {
    const fork = await m.fork({ id: s.id, name: 'claude/fork-fresh' });
    expect(fork.branch).toBe('claude/fork-fresh');
    const out = await h.launcher.waitFor(fork.id, 'scripted-agent done');
    expect(out).not.toContain('arg: --continue');
    expect(await sh(fork, ['sh', '-c', 'ls -a "$HOME/.claude/projects" 2>&1 || true'])).toMatch(
      /No such file/,
    );
  });

  it('claude gets --continue only when it has a conversation of /workspace to continue', async () => {
    // A "claude" (by name) that is the scripted agent: the resume default applies to it.
    const claudeConfig = h.config({
      agent: { command: ['/home/agent/bin/claude'] },
      setupCommands: [
        'mkdir -p "$HOME/bin" && ln -s /usr/local/bin/scripted-agent "$HOME/bin/claude"',
      ],
    });
    const c = await m.start({
      folder: repo.dir,
      configPath: claudeConfig,
      name: 'claude/resume-claude',
      prompt: 'hi',
    });
    const first = await h.launcher.waitFor(c.id, 'scripted-agent done');
    expect(first).toContain('arg: --\r\narg: hi');
    // No transcript yet: `claude --continue` would refuse to start, so it is left out.
    const none = await nextRun(c.id, () => m.restart(c.id));
    expect(none).not.toContain('arg: --continue');
    const logs = h.events
      .filter(
        (e) => e.name === 'sessionLog' && (e.payload as { sessionId: string }).sessionId === c.id,
      )
      .map((e) => (e.payload as { text: string }).text)
      .join('');
    expect(logs).toContain('no conversation to continue yet');
    // A transcript of another folder does not count; one of /workspace does.
    await sh(c, [
      'sh',
      '-c',
      'mkdir -p "$HOME/.claude/projects/-elsewhere" && printf x > "$HOME/.claude/projects/-elsewhere/a.jsonl"',
    ]);
    expect(await nextRun(c.id, () => m.restart(c.id))).not.toContain('arg: --continue');
    await sh(c, [
      'sh',
      '-c',
      'mkdir -p "$HOME/.claude/projects/-workspace" && printf x > "$HOME/.claude/projects/-workspace/b.jsonl"',
    ]);
    expect(await nextRun(c.id, () => m.restart(c.id))).toContain('arg: --continue');
  });

  it('exports the transcripts to a host folder; links are refused and never written', async () => {
    // Many links: the first ones are named, the rest counted.
    await sh(s, [
      'sh',
      '-c',
      'd="$HOME/.claude/projects/many"; mkdir -p "$d" && for i in $(seq 1 30); do ln -s /etc/passwd "$d/l$i"; done',
    ]);
    await m.stop(s.id); // the export works on a stopped container too
    const dir = join(temp(), 'out');
    const r = await m.exportConversation(s.id, dir);
    expect(r).toMatchObject({ folder: dir, files: 2, bytes: TRANSCRIPT.length + 1 });
    // evil.jsonl, projects/root and the 30: 20 named, 12 counted.
    expect(r.refused).toHaveLength(21);
    expect(r.refused.slice(0, 20).every((x) => x.includes(': a symlink entry'))).toBe(true);
    expect(r.refused[20]).toBe('… and 12 more entries refused');
    expect(readFileSync(join(dir, '-workspace', 'abc.jsonl'), 'utf8')).toBe(TRANSCRIPT);
    expect(readFileSync(join(dir, '-workspace', 'sub', 'agent-1.jsonl'), 'utf8')).toBe('x');
    expect(existsSync(join(dir, '-workspace', 'evil.jsonl'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['-workspace', 'many']);
    expect(readdirSync(join(dir, 'many'))).toEqual([]);
    expect(lstatSync(join(dir, '-workspace', 'abc.jsonl')).mode & 0o777).toBe(0o600);
  });

  it('refuses to write through a link planted in the target folder', async () => {
    const target = temp();
    const elsewhere = temp();
    symlinkSync(elsewhere, join(target, '-workspace'));
    await expect(m.exportConversation(s.id, target)).rejects.toMatchObject({
      code: 'export-target-refused',
    });
    expect(readdirSync(elsewhere)).toEqual([]);
    // A relative folder is refused before anything happens.
    await expect(m.exportConversation(s.id, 'relative/dir')).rejects.toMatchObject({
      code: 'invalid-folder',
    });
  });
});
