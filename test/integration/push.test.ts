/**
 * Pushing from the host with real git to a local bare remote whose pre-receive hook logs every
 * update and refuses main/master: the session branch arrives, main never goes out, a rewritten
 * branch needs confirmation and then goes with a lease, errors are clear and free of secrets.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushBranch } from '../../src/main/forge/push';
import { AppError } from '../../src/shared/errors';
import { hostGit, makeUserRepo } from './commits-fixture';

const branch = 'claude/2026-11-26-171500';

function makeRemote(): { bare: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ccr-remote-'));
  const bare = join(dir, 'remote.git');
  const log = join(dir, 'pushes.log');
  execFileSync('git', ['init', '-q', '--bare', bare]);
  const hook = join(bare, 'hooks', 'pre-receive');
  writeFileSync(
    hook,
    `#!/bin/sh
while read old new ref; do
  echo "$old $new $ref" >> "${log}"
  case "$ref" in
    refs/heads/main|refs/heads/master) echo "pushing $ref is not allowed" >&2; exit 1 ;;
    refs/heads/claude/refused) echo "branch rule: refused" >&2; exit 1 ;;
  esac
done
`,
  );
  chmodSync(hook, 0o755);
  return { bare, log };
}

function pushes(log: string): string[][] {
  return existsSync(log)
    ? readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split(' '))
    : [];
}

async function codeOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

describe('push to a remote', () => {
  let repo: { dir: string; base: string };
  let remote: { bare: string; log: string };
  beforeAll(() => {
    repo = makeUserRepo(branch);
    remote = makeRemote();
    hostGit(repo.dir, 'remote', 'add', 'origin', remote.bare);
  });

  it('pushes the session branch with one explicit refspec and nothing else', async () => {
    const wt = mkdtempSync(join(tmpdir(), 'ccr-wt-'));
    hostGit(repo.dir, 'worktree', 'add', '-q', wt, branch);
    writeFileSync(join(wt, 'agent.txt'), 'agent\n');
    hostGit(wt, 'add', 'agent.txt');
    hostGit(wt, 'commit', '-q', '-m', 'agent work');
    hostGit(repo.dir, 'worktree', 'remove', '--force', wt);
    const tip = hostGit(repo.dir, 'rev-parse', branch);
    // The user's push settings must not widen the push: no tags, no other refs.
    hostGit(repo.dir, 'config', 'push.followTags', 'true');
    hostGit(repo.dir, 'tag', '-a', '-m', 'release', 'v1', repo.base);
    const out = await pushBranch({ folder: repo.dir, branch, remote: 'origin' });
    expect(out).toMatchObject({ tip, upToDate: false, forced: false });
    expect(hostGit(remote.bare, 'for-each-ref', '--format=%(refname) %(objectname)')).toBe(
      `refs/heads/${branch} ${tip}`,
    );
    expect(pushes(remote.log)).toEqual([
      [expect.stringMatching(/^0+$/), tip, `refs/heads/${branch}`],
    ]);
    const again = await pushBranch({ folder: repo.dir, branch, remote: 'origin' });
    expect(again.upToDate).toBe(true);
  });

  it('never pushes main, master or the remote default branch', async () => {
    for (const b of ['main', 'master']) {
      const e = await codeOf(pushBranch({ folder: repo.dir, branch: b, remote: 'origin' }));
      expect(e.code).toBe('push-refused');
    }
    hostGit(repo.dir, 'branch', 'claude/trunk', repo.base);
    hostGit(repo.dir, 'update-ref', 'refs/remotes/origin/claude/trunk', repo.base);
    hostGit(
      repo.dir,
      'symbolic-ref',
      'refs/remotes/origin/HEAD',
      'refs/remotes/origin/claude/trunk',
    );
    const e = await codeOf(
      pushBranch({ folder: repo.dir, branch: 'claude/trunk', remote: 'origin' }),
    );
    expect(e.code).toBe('push-refused');
    hostGit(repo.dir, 'symbolic-ref', '--delete', 'refs/remotes/origin/HEAD');
    expect(pushes(remote.log).map((p) => p[2])).not.toContain('refs/heads/main');
    expect(pushes(remote.log).map((p) => p[2])).not.toContain('refs/heads/master');
  });

  it('pushes a rewritten branch only when confirmed, with a lease', async () => {
    const oldTip = hostGit(repo.dir, 'rev-parse', branch);
    const rewritten = hostGit(
      repo.dir,
      'commit-tree',
      '-p',
      repo.base,
      '-m',
      'rewritten',
      `${oldTip}^{tree}`,
    );
    hostGit(repo.dir, 'update-ref', `refs/heads/${branch}`, rewritten);
    const e = await codeOf(pushBranch({ folder: repo.dir, branch, remote: 'origin' }));
    expect(e.code).toBe('push-needs-confirmation');
    expect(hostGit(remote.bare, 'rev-parse', branch)).toBe(oldTip);
    const out = await pushBranch({
      folder: repo.dir,
      branch,
      remote: 'origin',
      confirmRewrite: true,
    });
    expect(out.forced).toBe(true);
    expect(hostGit(remote.bare, 'rev-parse', branch)).toBe(rewritten);
    expect(pushes(remote.log).at(-1)).toEqual([oldTip, rewritten, `refs/heads/${branch}`]);
  });

  it('does not overwrite commits someone else pushed meanwhile (stale lease)', async () => {
    const remoteTip = hostGit(remote.bare, 'rev-parse', branch);
    const foreign = hostGit(
      remote.bare,
      'commit-tree',
      '-p',
      remoteTip,
      '-m',
      'someone else',
      `${remoteTip}^{tree}`,
    );
    hostGit(remote.bare, 'update-ref', `refs/heads/${branch}`, foreign);
    const mine = hostGit(
      repo.dir,
      'commit-tree',
      '-p',
      repo.base,
      '-m',
      'rewritten again',
      `${remoteTip}^{tree}`,
    );
    hostGit(repo.dir, 'update-ref', `refs/heads/${branch}`, mine);
    const e = await codeOf(
      pushBranch({ folder: repo.dir, branch, remote: 'origin', confirmRewrite: true }),
    );
    expect(e.code).toBe('push-rejected');
    expect(hostGit(remote.bare, 'rev-parse', branch)).toBe(foreign);
  });

  it('reports a branch rule rejection and a missing remote clearly', async () => {
    hostGit(repo.dir, 'branch', 'claude/refused', repo.base);
    const e = await codeOf(
      pushBranch({ folder: repo.dir, branch: 'claude/refused', remote: 'origin' }),
    );
    expect(e.code).toBe('push-rejected');
    expect(e.message).toContain('branch rule: refused');
    const none = await codeOf(pushBranch({ folder: repo.dir, branch, remote: 'upstream' }));
    expect(none.code).toBe('no-remote');
    expect(none.hint).toContain('git remote add upstream');
  });

  describe('over http', () => {
    let server: Server;
    let port = 0;
    beforeAll(async () => {
      server = createServer((_req, res) => {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' });
        res.end('denied');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('reports refused credentials without echoing the secret in the URL', async () => {
      hostGit(
        repo.dir,
        'remote',
        'add',
        'secret',
        `http://user:s3cr3t-token@127.0.0.1:${port}/repo.git`,
      );
      const e = await codeOf(pushBranch({ folder: repo.dir, branch, remote: 'secret' }));
      expect(e.code).toBe('push-auth');
      expect(`${e.message} ${e.hint}`).not.toContain('s3cr3t-token');
    });

    it('reports an unreachable remote', async () => {
      hostGit(repo.dir, 'remote', 'add', 'dead', `http://user:s3cr3t-token@127.0.0.1:1/repo.git`);
      const e = await codeOf(pushBranch({ folder: repo.dir, branch, remote: 'dead' }));
      expect(e.code).toBe('push-unreachable');
      expect(e.message).not.toContain('s3cr3t-token');
    });
  });
});
