/**
 * A user repository with a session branch for the merge suites: real git in a temp dir, the
 * agent's commits authored as "Agent", the user's uncommitted work (an edit, a staged file, an
 * untracked file), and a MergeService over it whose session lookup and removal are plain
 * records (the session manager is not what these suites test).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBus } from '../../src/main/events';
import { type MergeDeps, MergeService } from '../../src/main/merge';
import type { SessionInfo } from '../../src/shared/schemas/session';

const AGENT = {
  GIT_AUTHOR_NAME: 'Agent',
  GIT_AUTHOR_EMAIL: 'agent@example.invalid',
  GIT_COMMITTER_NAME: 'Agent',
  GIT_COMMITTER_EMAIL: 'agent@example.invalid',
};

export function g(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  }).trim();
}

/** git as the agent (author and committer "Agent"). */
export function ga(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...AGENT, GIT_TERMINAL_PROMPT: '0' },
  }).trim();
}

export const SESSION_BRANCH = 'claude/merge-test';

/**
 * main: initial (README.md, app.txt, lib.txt). The session branch, from main, has two agent
 * commits: "add feature" (feature.txt, with a body) and "tune lib" (lib.txt). The user is on
 * main with uncommitted work in notes.txt (edited), staged.txt (staged) and untracked.txt.
 * The agent's commits are made in a second work tree so the user's checkout stays as it is.
 */
export function makeRepo(): { dir: string; base: string; tip: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ccr-merge-repo-'));
  g(dir, 'init', '-q', '-b', 'main');
  g(dir, 'config', 'user.name', 'User');
  g(dir, 'config', 'user.email', 'user@example.invalid');
  writeFileSync(join(dir, 'README.md'), 'hello\n');
  writeFileSync(join(dir, 'app.txt'), 'line 1\nline 2\nline 3\n');
  writeFileSync(join(dir, 'lib.txt'), 'lib 1\n');
  writeFileSync(join(dir, 'notes.txt'), 'notes\n');
  g(dir, 'add', '.');
  g(dir, 'commit', '-q', '-m', 'initial');
  const base = g(dir, 'rev-parse', 'HEAD');
  const wt = mkdtempSync(join(tmpdir(), 'ccr-merge-agent-'));
  g(dir, 'worktree', 'add', '-q', '-b', SESSION_BRANCH, wt, base);
  writeFileSync(join(wt, 'feature.txt'), 'feature\n');
  ga(wt, 'add', 'feature.txt');
  ga(wt, 'commit', '-q', '-m', 'add feature', '-m', 'The body explains why.');
  writeFileSync(join(wt, 'lib.txt'), 'lib 1\nlib 2\n');
  ga(wt, 'commit', '-q', '-am', 'tune lib');
  g(dir, 'worktree', 'remove', '--force', wt);
  const tip = g(dir, 'rev-parse', SESSION_BRANCH);
  writeFileSync(join(dir, 'notes.txt'), 'notes, edited by the user\n');
  writeFileSync(join(dir, 'staged.txt'), 'staged\n');
  g(dir, 'add', 'staged.txt');
  writeFileSync(join(dir, 'untracked.txt'), 'untracked\n');
  return { dir, base, tip };
}

/** A commit on `branch` made with plumbing (the user's checkout is not touched). */
export function commitOn(
  dir: string,
  branch: string,
  file: string,
  content: string,
  msg: string,
): string {
  const parent = g(dir, 'rev-parse', `refs/heads/${branch}`);
  const blob = execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: dir, input: content })
    .toString()
    .trim();
  const idx = join(mkdtempSync(join(tmpdir(), 'ccr-idx-')), 'index');
  const env = { ...process.env, GIT_INDEX_FILE: idx };
  execFileSync('git', ['read-tree', parent], { cwd: dir, env });
  execFileSync('git', ['update-index', '--add', '--cacheinfo', `100644,${blob},${file}`], {
    cwd: dir,
    env,
  });
  const tree = execFileSync('git', ['write-tree'], { cwd: dir, env }).toString().trim();
  const c = execFileSync('git', ['commit-tree', tree, '-p', parent, '-m', msg], {
    cwd: dir,
    env: { ...process.env, ...AGENT },
  })
    .toString()
    .trim();
  g(dir, 'update-ref', `refs/heads/${branch}`, c, parent);
  return c;
}

function files(dir: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(join(dir, rel))) {
    if (!rel && name === '.git') continue;
    const r = rel ? `${rel}/${name}` : name;
    if (statSync(join(dir, r)).isDirectory()) Object.assign(out, files(dir, r));
    else out[r] = readFileSync(join(dir, r)).toString('base64');
  }
  return out;
}

/** What the user would notice in their checkout: HEAD, index, work tree bytes and git's view of them. */
export function checkoutView(dir: string, opts: { headCommit: boolean } = { headCommit: true }) {
  return {
    headFile: readFileSync(join(dir, '.git', 'HEAD'), 'utf8'),
    index: readFileSync(join(dir, '.git', 'index')).toString('base64'),
    files: files(dir),
    diff: g(dir, 'diff'),
    ...(opts.headCommit
      ? {
          head: g(dir, 'rev-parse', 'HEAD'),
          status: g(dir, 'status', '--porcelain=v2', '-z', '--untracked-files=all'),
          cached: g(dir, 'diff', '--cached'),
        }
      : {}),
    // Temporary worktrees would show here (their HEADs are not part of the user's view).
    worktrees: g(dir, 'worktree', 'list', '--porcelain')
      .split('\n')
      .filter((l) => l.startsWith('worktree ')),
  };
}

export function session(dir: string, base: string, extra: Partial<SessionInfo> = {}): SessionInfo {
  const now = new Date().toISOString();
  return {
    schemaVersion: 1,
    id: 'merge-test',
    name: 'merge-test',
    folder: dir,
    branch: SESSION_BRANCH,
    baseCommit: base,
    baseBranch: 'main',
    engine: { address: 'unix:///nonexistent', kind: 'docker' },
    containerId: null,
    containerName: 'ccr-merge-test',
    image: 'none',
    containerUser: '',
    status: 'stopped',
    createdAt: now,
    updatedAt: now,
    ...extra,
  };
}

export function mergeService(s: SessionInfo, extra: Partial<MergeDeps> = {}) {
  const bus = new EventBus();
  const events: { name: string; payload: unknown }[] = [];
  bus.subscribe((name, payload) => events.push({ name, payload }));
  const removed: string[] = [];
  const sent: { id: string; text: string }[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'ccr-merge-data-'));
  const service = new MergeService({
    bus,
    dataDir,
    getSession: async (id) => {
      if (id !== s.id) throw new Error(`unknown session ${id}`);
      return s;
    },
    removeSession: async (id) => {
      removed.push(id);
    },
    engineAt: async () => {
      throw new Error('no engine in this suite');
    },
    pushRemote: async () => 'origin',
    sendToAgent: async (id, text) => {
      sent.push({ id, text });
      return { delivered: true };
    },
    ...extra,
  });
  return { service, bus, events, removed, sent, dataDir };
}
