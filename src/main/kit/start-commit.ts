/**
 * start-commit: right after workspace-init, turns the user's uncommitted edits that came with
 * the snapshot (staged, unstaged, deleted, untracked-not-ignored) into one commit on the
 * session branch, authored as the user, so the agent's first `git add -A` cannot sweep them
 * into its own commit. Tracked paths go in with `add -u`; untracked ones only as the host listed
 * them (stdin, NUL-separated, literal), so files the host ignores but `includeIgnored` copied in
 * stay out even where the container's git would not ignore them.
 * Prints the new commit's hash, or nothing when there was nothing uncommitted.
 * Usage: start-commit <author name> <author email> < untracked paths (-z)
 */
import type { KitFile } from './types';

export const START_COMMIT_MESSAGE = 'Uncommitted changes at session start';

const content = `#!/bin/sh
set -eu
cd /workspace
GIT_LITERAL_PATHSPECS=1
export GIT_LITERAL_PATHSPECS
git add -u
xargs -0 -r git add --
if git diff --cached --quiet HEAD --; then exit 0; fi
GIT_AUTHOR_NAME=$1 GIT_AUTHOR_EMAIL=$2 GIT_COMMITTER_NAME=$1 GIT_COMMITTER_EMAIL=$2 \\
  git -c commit.gpgsign=false commit -q --no-verify -m '${START_COMMIT_MESSAGE}'
git rev-parse HEAD
`;

export const startCommit: KitFile = { path: '/opt/ccr/bin/start-commit', mode: 0o755, content };
