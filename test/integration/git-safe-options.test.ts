/**
 * The one safe option list, tested once against a repository that asks git to start a program
 * in every way we know (issue 16 #2): hooks (its own and via core.hooksPath), an fsmonitor, a
 * credential helper and askpass, an external diff and a textconv driver (by config and by
 * attribute), submodule recursion, pagers; and an app environment full of GIT_* variables that
 * point at another repository, another config, another exec path and more programs.
 *
 * First plain git is shown to run those programs (so the test can fail); then the app's real
 * flows run (the session-start snapshot, import of a branch from a bundle, the review's log and
 * diffs, a push to a local bare remote, the identity read of the credentials domain) and must
 * give the right results with no marker written.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultGitConfigReader } from '../../src/main/credentials/host-readers';
import { pushBranch } from '../../src/main/forge/push';
import { diffFiles, fileDiff } from '../../src/main/git/diff-files';
import { git } from '../../src/main/git/host-git';
import { applyIncoming, fetchBundle } from '../../src/main/git/import-branch';
import { checkRepo } from '../../src/main/git/repo-check';
import { listSessionCommits } from '../../src/main/git/review-log';
import { planSnapshot } from '../../src/main/git/snapshot';
import { snapshotTar } from '../../src/main/git/snapshot-tar';

const CLEAN_ENV: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.toUpperCase().startsWith('GIT_')),
);
const branch = 'claude/2026-12-04-180000';

/** Plain git for building fixtures and for the control run, never the app's runner. */
function plain(cwd: string, args: string[], env: NodeJS.ProcessEnv = CLEAN_ENV, input?: string) {
  return spawnSync('git', args, { cwd, env, encoding: 'utf8', ...(input ? { input } : {}) });
}
function must(cwd: string, ...args: string[]): string {
  const r = plain(cwd, args);
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

const HOOKS = [
  'pre-commit',
  'prepare-commit-msg',
  'commit-msg',
  'post-commit',
  'post-checkout',
  'post-merge',
  'pre-push',
  'pre-auto-gc',
  'post-rewrite',
  'reference-transaction',
  'post-index-change',
  'fsmonitor-watchman',
];

interface World {
  root: string;
  repo: string;
  decoy: string;
  remote: string;
  markers: string;
  base: string;
  hostileEnv: NodeJS.ProcessEnv;
}

/**
 * A script that records its name in the markers file and exits with `code`. It reads its stdin
 * to the end (a hook or pager given input), unless it stands in for a git helper that must
 * answer first (`consume` false).
 */
function markerScript(
  dir: string,
  name: string,
  markers: string,
  code = 0,
  consume = true,
): string {
  const p = join(dir, name);
  const drain = consume ? 'cat >/dev/null 2>&1\n' : '';
  writeFileSync(p, `#!/bin/sh\necho "${name}" >> "${markers}"\n${drain}exit ${code}\n`);
  chmodSync(p, 0o755);
  return p;
}

function build(): World {
  const root = mkdtempSync(join(tmpdir(), 'ccr-hostile-'));
  const markers = join(root, 'markers.log');
  const bin = join(root, 'bin');
  const hooks = join(root, 'hooks');
  const exec = join(root, 'exec-path');
  for (const d of [bin, hooks, exec]) mkdirSync(d);
  const mark = (name: string, code = 0) => markerScript(bin, name, markers, code);
  for (const h of HOOKS) markerScript(hooks, h, markers);
  // A fake exec path: git would run these instead of its own helpers.
  for (const h of ['git-receive-pack', 'git-upload-pack', 'git-remote-http', 'git-index-pack'])
    markerScript(exec, h, markers, 1, false);

  const repo = join(root, 'repo');
  must(root, 'init', '-q', '-b', 'main', repo);
  must(repo, 'config', 'user.name', 'User');
  must(repo, 'config', 'user.email', 'user@example.invalid');
  writeFileSync(join(repo, 'notes.txt'), 'one\n');
  writeFileSync(join(repo, 'README.md'), 'hello\n');
  must(repo, 'add', '.');
  must(repo, 'commit', '-q', '-m', 'initial');
  const base = must(repo, 'rev-parse', 'HEAD');
  must(repo, 'branch', branch, base);

  // The agent's work, made in a clone and sent back as a bundle, the way a session's is.
  const agent = join(root, 'agent');
  must(root, 'clone', '-q', '--branch', branch, repo, agent);
  writeFileSync(join(agent, 'notes.txt'), 'one\ntwo\n');
  writeFileSync(join(agent, 'new.txt'), 'new\n');
  must(agent, 'add', '.');
  must(
    agent,
    '-c',
    'user.name=Agent',
    '-c',
    'user.email=agent@example.invalid',
    'commit',
    '-q',
    '-m',
    'agent work',
  );
  must(agent, 'bundle', 'create', '-q', join(root, 'work.bundle'), branch, `^${base}`);

  // Now the repository turns hostile: every program it can name writes a marker.
  must(repo, 'config', 'core.hooksPath', hooks);
  for (const h of HOOKS) markerScript(join(repo, '.git', 'hooks'), h, markers);
  must(repo, 'config', 'core.fsmonitor', mark('fsmonitor'));
  must(repo, 'config', 'credential.helper', `!${mark('credential-helper')}`);
  must(repo, 'config', 'core.askPass', mark('askpass'));
  must(repo, 'config', 'diff.external', mark('diff-external'));
  must(repo, 'config', 'diff.conv.textconv', mark('textconv'));
  must(repo, 'config', 'diff.drv.command', mark('diff-driver'));
  must(repo, 'config', 'submodule.recurse', 'true');
  must(repo, 'config', 'core.pager', mark('pager'));
  must(repo, 'config', 'pager.log', mark('pager-log'));
  must(repo, 'config', 'core.sshCommand', mark('ssh-command'));
  writeFileSync(join(repo, '.git', 'info', 'attributes'), '*.txt diff=conv\n*.md diff=drv\n');

  const decoy = join(root, 'decoy');
  must(root, 'init', '-q', '-b', 'main', decoy);
  must(
    decoy,
    '-c',
    'user.name=D',
    '-c',
    'user.email=d@d',
    'commit',
    '-q',
    '--allow-empty',
    '-m',
    'decoy',
  );
  const remote = join(root, 'remote.git');
  must(root, 'init', '-q', '--bare', remote);
  must(repo, 'remote', 'add', 'origin', remote);
  const hostileConfig = join(root, 'hostile.gitconfig');
  writeFileSync(hostileConfig, `[core]\n\thooksPath = ${hooks}\n[user]\n\tname = Hostile\n`);

  const hostileEnv: NodeJS.ProcessEnv = {
    GIT_DIR: join(decoy, '.git'),
    GIT_WORK_TREE: decoy,
    GIT_COMMON_DIR: join(decoy, '.git'),
    GIT_INDEX_FILE: join(decoy, '.git', 'index'),
    GIT_OBJECT_DIRECTORY: join(decoy, '.git', 'objects'),
    GIT_ALTERNATE_OBJECT_DIRECTORIES: join(decoy, '.git', 'objects'),
    GIT_CONFIG_COUNT: '2',
    GIT_CONFIG_KEY_0: 'core.hooksPath',
    GIT_CONFIG_VALUE_0: hooks,
    GIT_CONFIG_KEY_1: 'user.name',
    GIT_CONFIG_VALUE_1: 'Hostile',
    GIT_CONFIG_PARAMETERS: `'core.fsmonitor'='${mark('fsmonitor-env')}'`,
    GIT_CONFIG_GLOBAL: hostileConfig,
    GIT_CONFIG_SYSTEM: hostileConfig,
    GIT_EXEC_PATH: exec,
    GIT_SSH_COMMAND: mark('git-ssh-command'),
    GIT_SSH: mark('git-ssh'),
    GIT_ASKPASS: mark('git-askpass'),
    SSH_ASKPASS: mark('ssh-askpass'),
    GIT_EDITOR: mark('git-editor'),
    EDITOR: mark('editor'),
    GIT_PAGER: mark('git-pager'),
    PAGER: mark('env-pager'),
    GIT_EXTERNAL_DIFF: mark('git-external-diff'),
    GIT_TRACE: join(root, 'trace.log'),
  };
  return { root, repo, decoy, remote, markers, base, hostileEnv };
}

function without(env: NodeJS.ProcessEnv, ...keys: string[]): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const k of keys) delete out[k];
  return out;
}

const markersOf = (w: World): string[] =>
  existsSync(w.markers) ? readFileSync(w.markers, 'utf8').trim().split('\n').sort() : [];

describe('the safe option list against a hostile repository', () => {
  let w: World;
  const saved: NodeJS.ProcessEnv = {};
  beforeAll(() => {
    w = build();
  });
  afterAll(() => {
    for (const k of Object.keys(w.hostileEnv)) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    rmSync(w.root, { recursive: true, force: true });
  });

  it('is really hostile: plain git runs its programs', () => {
    // Repository config alone.
    plain(w.repo, ['update-ref', 'refs/control', 'HEAD']);
    plain(w.repo, ['status']);
    plain(w.repo, ['credential', 'fill'], CLEAN_ENV, 'protocol=https\nhost=example.invalid\n\n');
    writeFileSync(join(w.repo, 'README.md'), 'changed\n');
    writeFileSync(join(w.repo, 'notes.txt'), 'changed\n');
    plain(w.repo, ['diff']);
    plain(w.repo, ['diff', '--no-ext-diff', '--', 'notes.txt']);
    must(w.repo, 'checkout', '-q', '--', 'README.md', 'notes.txt');
    // The app's environment alone, in a harmless repository.
    const env = without(
      { ...CLEAN_ENV, ...w.hostileEnv },
      'GIT_DIR',
      'GIT_WORK_TREE',
      'GIT_COMMON_DIR',
      'GIT_INDEX_FILE',
      'GIT_OBJECT_DIRECTORY',
      'GIT_ALTERNATE_OBJECT_DIRECTORIES',
    );
    plain(w.decoy, ['push', w.remote, 'HEAD:refs/heads/x'], env);
    const seen = markersOf(w);
    for (const m of [
      'reference-transaction',
      'fsmonitor',
      'credential-helper',
      'askpass',
      'diff-driver',
      'diff-external',
      'textconv',
      'git-receive-pack',
    ])
      expect(seen).toContain(m);
    expect(existsSync(w.hostileEnv.GIT_TRACE!)).toBe(true);
    rmSync(w.markers, { force: true });
    rmSync(w.hostileEnv.GIT_TRACE!, { force: true });
    must(w.repo, 'update-ref', '-d', 'refs/control');
  });

  describe('the app in that repository, with that environment', () => {
    // Each flow is judged on its own markers.
    beforeEach(() => rmSync(w.markers, { force: true }));
    beforeAll(() => {
      for (const [k, v] of Object.entries(w.hostileEnv)) {
        saved[k] = process.env[k];
        process.env[k] = v;
      }
    });

    it('snapshots the repository for a session start', async () => {
      const state = await checkRepo(w.repo);
      expect(state).toMatchObject({ root: w.repo, head: w.base, branch: 'main' });
      writeFileSync(join(w.repo, 'untracked.txt'), 'untracked\n');
      const plan = await planSnapshot(state.root);
      expect(plan.entries.map((e) => e.path).sort()).toEqual([
        'README.md',
        'notes.txt',
        'untracked.txt',
      ]);
      const { stream, totalBytes } = await snapshotTar({
        plan,
        commonDir: state.commonDir,
        uid: 1000,
        gid: 1000,
      });
      let bytes = 0;
      for await (const c of stream) bytes += (c as Buffer).length;
      expect(bytes).toBeGreaterThanOrEqual(totalBytes);
      rmSync(join(w.repo, 'untracked.txt'));
      expect(markersOf(w)).toEqual([]);
    });

    it('imports the session branch from a bundle', async () => {
      const tip = await fetchBundle(w.repo, join(w.root, 'work.bundle'), branch, [w.base]);
      const out = await applyIncoming(w.repo, branch, 's1', tip);
      expect(out).toMatchObject({ kind: 'fast-forward', tip, previousTip: w.base });
      expect(must(w.repo, 'rev-parse', branch)).toBe(tip);
      expect(markersOf(w)).toEqual([]);
    });

    it('shows the review: commits, changed files, a patch', async () => {
      const tip = must(w.repo, 'rev-parse', branch);
      const commits = await listSessionCommits(w.repo, tip, w.base);
      expect(commits.map((c) => c.subject)).toEqual(['agent work']);
      const { files } = await diffFiles(w.repo, w.base, tip);
      expect(files.map((f) => f.path).sort()).toEqual(['new.txt', 'notes.txt']);
      const patch = await fileDiff(w.repo, w.base, tip, 'notes.txt');
      expect(JSON.stringify(patch)).toContain('+two');
      // Porcelain diff and log -p through the runner: no driver either.
      const d = await git(w.repo, ['diff', w.base, tip, '--', 'notes.txt']);
      expect(d.stdout).toContain('+two');
      const l = await git(w.repo, ['log', '-p', '-1', tip, '--', 'notes.txt']);
      expect(l.stdout).toContain('+two');
      expect(markersOf(w)).toEqual([]);
    });

    it('pushes the session branch to a local bare remote', async () => {
      const tip = must(w.repo, 'rev-parse', branch);
      const out = await pushBranch({ folder: w.repo, branch, remote: 'origin' });
      expect(out).toMatchObject({ tip, upToDate: false, forced: false });
      expect(must(w.remote, 'rev-parse', `refs/heads/${branch}`)).toBe(tip);
      expect(markersOf(w)).toEqual([]);
    });

    it('never starts a credential helper, askpass or pager, nor recurses submodules', async () => {
      const fill = await git(w.repo, ['credential', 'fill'], {
        input: 'protocol=https\nhost=example.invalid\n\n',
        allowFailure: true,
      });
      expect(fill.exitCode).not.toBe(0);
      expect((await git(w.repo, ['config', '--get', 'submodule.recurse'])).stdout.trim()).toBe(
        'false',
      );
      expect((await git(w.repo, ['var', 'GIT_PAGER'])).stdout.trim()).toBe('cat');
      expect(markersOf(w)).toEqual([]);
    });

    it("reads the user's identity from the repository, not from the environment", async () => {
      const read = defaultGitConfigReader(process.env);
      expect(await read('user.name', w.repo)).toBe('User');
      expect(markersOf(w)).toEqual([]);
      expect(existsSync(w.hostileEnv.GIT_TRACE!)).toBe(false);
    });
  });
});
