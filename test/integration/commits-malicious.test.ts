/**
 * A hostile agent: it plants an fsmonitor, hooks and a hooksPath in its .git, writes extra
 * refs (main, tags, a branch named like a shell command), switches HEAD to that branch,
 * commits a file named like HTML, and finally pushes a tree that git's fsck rejects. After
 * each import nothing ran on the host (no marker files) and only the session branch moved.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CommitService } from '../../src/main/commits';
import { EventBus } from '../../src/main/events';
import type { EventName } from '../../src/shared/contract';
import { describeEachEngine } from '../helpers/engines';
import {
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
    expect(readdirSync(markers)).toEqual([]);
    expect(userView(repo.dir, branch)).toEqual(before);
  });
});
