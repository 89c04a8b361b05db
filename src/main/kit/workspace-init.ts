/**
 * workspace-init: turns /workspace (work tree + copied object store) into the session's repo,
 * as the container user: a fresh .git config (nothing from the user's: no hooks, fsmonitor,
 * credential helpers, includes), the session branch at the user's HEAD commit, the user's index
 * (staged vs unstaged as left) from stdin, and the remotes with credentials stripped.
 * Usage: workspace-init <branch> <commit> [<remote-name> <remote-url>]... < index-info (-z)
 */
import type { KitFile } from './types';

const content = `#!/bin/sh
set -eu
branch=$1
commit=$2
shift 2
cd /workspace
git -c init.defaultBranch=ccr-init init -q
git symbolic-ref HEAD "refs/heads/$branch"
git update-ref "refs/heads/$branch" "$commit"
git update-index -z --index-info
while [ "$#" -ge 2 ]; do
  git remote add -- "$1" "$2"
  shift 2
done
`;

export const workspaceInit: KitFile = { path: '/opt/ccr/bin/workspace-init', mode: 0o755, content };
