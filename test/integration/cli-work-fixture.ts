/**
 * A session for the CLI's work commands (diff, review, merge, push, pr, discard) without a
 * running agent: the CLI fixture's repository gets a session branch with the agent's commits
 * (made in a second work tree, so the user's checkout stays as it is) and the data dir a
 * stopped session record for it, as the app leaves one after its container was stopped.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SessionStore } from '../../src/main/sessions/store';
import type { SessionInfo } from '../../src/shared/schemas/session';
import type { CliFixture } from './cli-fixture';

/** A line the agent wrote that would drive a terminal: OSC 52 (clipboard) and clear screen. */
export const HOSTILE = 'look \x1b]52;c;SGVsbG8=\x07 here \x1b[2J done';

export function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Agent', '-c', 'user.email=agent@example.invalid', ...args],
    { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  ).trim();
}

export interface WorkSession {
  session: SessionInfo;
  base: string;
  /** Newest last: "add feature", "tune app", "hostile text". */
  commits: string[];
  tip: string;
}

/**
 * main: README.md, app.txt ("one".."five"). The session branch adds feature.txt (alpha, beta,
 * gamma), changes app.txt line 3, then adds evil.txt holding HOSTILE.
 */
export async function recordWorkSession(
  f: CliFixture,
  name: string,
  address: string,
  opts: {
    running?: boolean;
    /** Prefix of the files the session adds (sessions of one repository that merge cleanly). */
    prefix?: string;
    /** app.txt's line 3 on the branch; null: the second commit extends the feature instead. */
    line3?: string | null;
  } = {},
): Promise<WorkSession> {
  writeFileSync(join(f.repo, 'app.txt'), 'one\ntwo\nthree\nfour\nfive\n');
  git(f.repo, 'add', 'app.txt');
  git(f.repo, 'commit', '-q', '--allow-empty', '-m', `app for ${name}`);
  const base = git(f.repo, 'rev-parse', 'HEAD');
  const branch = `claude/${name}`;
  const wt = mkdtempSync(join(tmpdir(), 'ccr-cli-work-wt-'));
  git(f.repo, 'worktree', 'add', '-q', '-b', branch, wt, base);
  const commits: string[] = [];
  const commit = (file: string, text: string, msg: string) => {
    writeFileSync(join(wt, file), text);
    git(wt, 'add', file);
    git(wt, 'commit', '-q', '-m', msg);
    commits.push(git(wt, 'rev-parse', 'HEAD'));
  };
  const p = opts.prefix ?? '';
  commit(`${p}feature.txt`, 'alpha\nbeta\ngamma\n', 'add feature');
  if (opts.line3 === null)
    commit(`${p}feature.txt`, 'alpha\nbeta\ngamma\ndelta\n', 'extend feature');
  else commit('app.txt', `one\ntwo\n${opts.line3 ?? 'THREE'}\nfour\nfive\n`, 'tune app');
  commit(`${p}evil.txt`, `${HOSTILE}\n`, 'hostile text');
  git(f.repo, 'worktree', 'remove', '--force', wt);
  const now = new Date().toISOString();
  const id = `${name}-${f.scope.replace(/[^a-z0-9]/g, '')}`.slice(0, 60);
  // Its (stopped) container carries the suite's scope label: the CLI, narrowed to that scope,
  // sees this session and no other suite's.
  const containerId = await f.container({
    app: true,
    session: id,
    branch,
    script: 'mkdir -p /workspace && exec sleep infinity',
  });
  if (!opts.running) await f.engine.stopContainer(containerId, 1);
  const session: SessionInfo = {
    schemaVersion: 1,
    id,
    name,
    folder: f.repo,
    branch,
    baseCommit: base,
    baseBranch: 'main',
    engine: { address, kind: 'docker' },
    containerId,
    containerName: `ccr-it-${name}`,
    image: 'x',
    containerUser: '',
    status: opts.running ? 'running' : 'stopped',
    createdAt: now,
    updatedAt: now,
  };
  await new SessionStore(join(f.dataDir, 'sessions')).update((all) => [...all, session]);
  return { session, base, commits, tip: commits[commits.length - 1]! };
}
