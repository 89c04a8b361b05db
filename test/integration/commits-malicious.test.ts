/**
 * A hostile agent: it plants an fsmonitor, hooks and a hooksPath in its .git, writes extra
 * refs (main, tags, a branch named like a shell command), switches HEAD to that branch,
 * commits a file named like HTML, and finally pushes a tree that git's fsck rejects. After
 * each import nothing ran on the host (no marker files) and only the session branch moved.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CommitService } from '../../src/main/commits';
import { SessionWatch } from '../../src/main/commits/session-watch';
import { EventBus } from '../../src/main/events';
import type { EventName } from '../../src/shared/contract';
import type { CommitError } from '../../src/shared/schemas/commits';
import { describeEachEngine } from '../helpers/engines';
import {
  AGENT_USER,
  type AgentBox,
  hostGit,
  makeUserRepo,
  startAgentBox,
  userView,
  onEvent,
  waitFor,
} from './commits-fixture';

const EVIL_FILE = '<img src=x onerror=alert(1)>';

describeEachEngine('commits: a malicious agent', (te) => {
  const branch = 'claude/evil-session';
  let box: AgentBox;
  let repo: { dir: string; base: string };
  let bus: EventBus;
  let service: CommitService;
  let before: Record<string, string>;
  const markers = mkdtempSync(join(tmpdir(), 'ccr-markers-'));
  const on = <E extends EventName>(name: E) => onEvent(bus, name);

  beforeAll(async () => {
    repo = makeUserRepo(branch);
    before = userView(repo.dir, branch);
    box = await startAgentBox(te, {
      sessionId: `evil-${te.name}-${process.pid}`,
      branch,
      repo: repo.dir,
      base: repo.base,
    });
    bus = new EventBus();
    bus.subscribe((n, p) => {
      if (process.env.DEBUG_COMMITS) console.log(n, JSON.stringify(p));
    });
    service = new CommitService({ bus, engineFor: async () => box.engine, watchInterval: 0.1 });
    await service.onSessionStatus(box.session);
  }, 60_000);

  afterAll(async () => {
    service?.dispose();
    await box?.remove();
  });

  it('imports only the session branch and runs nothing of the agent on the host', async () => {
    const leftBranch = waitFor(on('commitError'), (p) => p.code === 'agent-left-branch');
    const imported = waitFor(on('commitImported'), () => true);
    const tip = await box.agent(
      `m=$1
        mkdir -p "$m" # the same path inside the container: the agent's own git may use it there
       git config core.fsmonitor "touch $m/fsmonitor"
       git config core.hooksPath "$PWD/.evil-hooks"
       git config diff.external "touch $m/diff-external"
       git config credential.helper "!touch $m/credential"
       mkdir -p .evil-hooks
       for h in pre-commit post-commit reference-transaction post-checkout post-merge pre-push pre-receive post-receive update fsmonitor-watchman; do
         printf '#!/bin/sh\\ntouch %s/hook-%s\\n' "$m" "$h" > ".git/hooks/$h"; chmod +x ".git/hooks/$h"
         cp ".git/hooks/$h" ".evil-hooks/$h"
       done
       printf '* diff=evil filter=evil\\n' > .gitattributes
       git config diff.evil.textconv "touch $m/textconv"
       git config filter.evil.clean "touch $m/clean"
       printf 'pwned\\n' > "$2"
       git -c core.hooksPath=/dev/null add -- .gitattributes "$2"
       git -c core.hooksPath=/dev/null commit -q -m "$2 <script>alert(2)</script>"
       git update-ref refs/heads/main HEAD
       git update-ref refs/heads/master HEAD
       git tag -f v9 HEAD
       git update-ref refs/remotes/origin/main HEAD
       git update-ref refs/claude-code-runner/backup/x/1 HEAD
       evil=".git/refs/heads/x;touch $m/branch-name"
       mkdir -p "$(dirname "$evil")"
       git rev-parse HEAD > "$evil"
       git rev-parse "refs/heads/$3"
       printf 'ref: refs/heads/x;touch %s/branch-name\\n' "$m" > .git/HEAD`,
      markers,
      EVIL_FILE,
      branch,
    );
    await imported;
    const warn = await leftBranch;
    expect(warn.message).toContain('x;touch');
    expect(hostGit(repo.dir, 'rev-parse', branch)).toBe(tip.trim());
    expect(readdirSync(markers)).toEqual([]);
    expect(existsSync('/tmp/pwned')).toBe(false);
    expect(userView(repo.dir, branch)).toEqual(before);
    expect(hostGit(repo.dir, 'for-each-ref', '--format=%(refname)', 'refs/heads/x*')).toBe('');

    // Review reads the agent's names and messages as data; still nothing runs.
    const list = await service.listCommits(box.session.id);
    expect(list.commits[0]!.subject).toBe(`${EVIL_FILE} <script>alert(2)</script>`);
    const files = await service.commitDiff(box.session.id, tip.trim());
    expect(files.files.map((f) => f.path).sort()).toEqual(['.gitattributes', EVIL_FILE]);
    const diff = await service.fileDiff(box.session.id, { commit: tip.trim(), path: EVIL_FILE });
    expect(diff.patch).toContain(`diff --git a/${EVIL_FILE} b/${EVIL_FILE}`);
    await service.sessionDiff(box.session.id);
    expect(readdirSync(markers)).toEqual([]);
  });

  it('rejects objects that fail fsck and leaves the branch where it was', async () => {
    const failed = waitFor(
      on('commitError'),
      (p) => p.step === 'import' && p.code === 'import-failed',
    );
    const tipBefore = hostGit(repo.dir, 'rev-parse', branch);
    await box.agent(
      `b=$(printf '[core]\\n\\tfsmonitor = touch %s/dotgit\\n' "$1" | git hash-object -w --stdin)
       inner=$(printf '100644 blob %s\\tconfig\\n' "$b" | git mktree)
       root=$(printf '040000 tree %s\\t.git\\n' "$inner" | git mktree)
       c=$(git commit-tree -p "refs/heads/$2" -m "nested .git" "$root")
       git update-ref "refs/heads/$2" "$c"`,
      markers,
      branch,
    );
    const e = await failed;
    expect(e.message).toMatch(/refused|fsck|dotgit|\.git/i);
    expect(hostGit(repo.dir, 'rev-parse', branch)).toBe(tipBefore);
    // The rejected objects stayed in quarantine, which is gone: no tmp_pack_*, no tmp dirs.
    const objects = join(repo.dir, '.git', 'objects');
    expect(readdirSync(objects).filter((n) => n.startsWith('tmp'))).toEqual([]);
    expect(readdirSync(join(objects, 'pack')).filter((n) => n.startsWith('tmp'))).toEqual([]);
    expect(readdirSync(markers)).toEqual([]);
    expect(userView(repo.dir, branch)).toEqual(before);
  });
});

/**
 * Objects git's fsck rejects only at the end of index-pack (a `.gitmodules` whose url is a
 * command-line option) on top of a normal-sized commit: every attempt must fail in quarantine,
 * leave nothing in the user's object store, and stop after the retry bound with the reason.
 * The watch runs with a short retry policy so the retries happen within the test.
 */
describeEachEngine('commits: a rejected import is quarantined and retries stop', (te) => {
  const branch = 'claude/quarantine';
  let box: AgentBox;
  let repo: { dir: string; base: string };
  let bus: EventBus;
  let watch: SessionWatch;
  const errors: CommitError[] = [];
  const retry = { firstDelayMs: 200, maxDelayMs: 800, attempts: 4 };
  let bad = '';
  const on = <E extends EventName>(name: E) => onEvent(bus, name);

  beforeAll(async () => {
    repo = makeUserRepo(branch);
    box = await startAgentBox(te, {
      sessionId: `quarantine-${te.name}-${process.pid}`,
      branch,
      repo: repo.dir,
      base: repo.base,
    });
    bus = new EventBus();
    on('commitError')((p) => errors.push(p));
    watch = new SessionWatch(box.session, {
      bus,
      engine: box.engine,
      interval: 0.1,
      retry,
    });
    await watch.start();
  }, 60_000);

  afterAll(async () => {
    watch?.stop();
    await box?.remove();
  });

  /** What a failed import could leave in the user's objects dir: packs, tmp packs, quarantines. */
  const objectLeftovers = () => {
    const objects = join(repo.dir, '.git', 'objects');
    return [
      ...readdirSync(objects).filter((n) => n.startsWith('tmp')),
      ...readdirSync(join(objects, 'pack')),
    ];
  };

  it('never lands a .gitmodules fsck rejects, however often it is retried', async () => {
    const packsBefore = objectLeftovers();
    const stopped = waitFor(on('commitError'), (p) => p.code === 'import-stopped', 60_000);
    bad = (
      await box.agent(
        `mkdir -p lib; for i in $(seq 1 40); do echo "file $i" > "lib/f$i.txt"; done
         printf '[submodule "x"]\\n\\tpath = x\\n\\turl = --upload-pack=touch /tmp/pwned-quarantine\\n' > .gitmodules
         git add lib .gitmodules && git commit -q -m "submodule" && git rev-parse HEAD`,
      )
    ).trim();
    const e = await stopped;
    expect(e.message).toContain('failed 4 times; retries stopped');
    expect(e.message).toMatch(/gitmodules/i);
    expect(e.hint).toMatch(/new commit/);
    const first = errors.find((p) => p.code === 'import-failed');
    expect(first?.message).toMatch(/gitmodules/i);
    expect(hostGit(repo.dir, 'rev-parse', branch)).toBe(repo.base);
    // Not on the branch, and not anywhere in the user's store either.
    expect(() => hostGit(repo.dir, 'cat-file', '-e', bad)).toThrow();
    expect(objectLeftovers()).toEqual(packsBefore);
    expect(existsSync('/tmp/pwned-quarantine')).toBe(false);

    // Stopped means stopped: a reconnecting watcher's state line does not start it again.
    const before = errors.length;
    watch.recheck();
    await new Promise((r) => setTimeout(r, 1500));
    expect(errors.slice(before)).toEqual([]);
    expect(objectLeftovers()).toEqual(packsBefore);
  }, 90_000);

  it('does not trust the rejected commit when an older runner left it in the store', async () => {
    watch.stop();
    // What the runner did before the quarantine: index-pack straight into the user's store.
    const r = await box.engine.exec(box.containerId, {
      cmd: ['git', 'bundle', 'create', '-', branch, `^${repo.base}`],
      user: AGENT_USER,
      workdir: '/workspace',
    });
    const bundle = Buffer.from(r.stdout);
    execFileSync('git', ['index-pack', '--stdin', '--fix-thin'], {
      cwd: repo.dir,
      input: bundle.subarray(bundle.indexOf('\n\n') + 2),
    });
    expect(hostGit(repo.dir, 'cat-file', '-t', bad)).toBe('commit');
    // A session restart: a new watch tries again, and re-checks instead of trusting the store.
    const stopped = waitFor(on('commitError'), (p) => p.code === 'import-stopped', 60_000);
    watch = new SessionWatch(box.session, { bus, engine: box.engine, interval: 0.1, retry });
    await watch.start();
    expect((await stopped).message).toMatch(/gitmodules/i);
    expect(hostGit(repo.dir, 'rev-parse', branch)).toBe(repo.base);
    expect(
      readdirSync(join(repo.dir, '.git', 'objects')).filter((n) => n.startsWith('tmp')),
    ).toEqual([]);
  }, 90_000);

  it('tries again on a new commit, and imports it once it is clean', async () => {
    const imported = waitFor(on('commitImported'), () => true, 30_000);
    const tip = (
      await box.agent(
        `git reset -q --hard HEAD~1 && echo clean > clean.txt && git add clean.txt
         git commit -q -m clean && git rev-parse HEAD`,
      )
    ).trim();
    await imported;
    expect(hostGit(repo.dir, 'rev-parse', branch)).toBe(tip);
    expect(objectLeftovers().filter((n) => n.startsWith('tmp'))).toEqual([]);
  }, 60_000);
});
