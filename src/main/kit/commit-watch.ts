/**
 * commit-watch: the one long-lived watcher per session. It prints `state <tip> <HEAD>` once at
 * start and again whenever the session branch's tip or HEAD changes. Between changes it only
 * reads two small files with shell builtins (no process per tick), and it sleeps with `read -t`
 * on its stdin, so when the host goes away (stdin closes) the watcher ends with it. The host
 * can write `check` to force a fresh `state` line (after a reconnect).
 *
 * Refs may be loose files, packed (after gc) or, with git's reftable backend, in tables whose
 * list file changes on every update: only then does the script run git, once per change.
 * The agent controls the repository, so the host treats every line as untrusted data.
 */
import type { KitFile } from './types';

const content = `#!/bin/bash
# Claude Code Runner: watch one branch.
# Usage: commit-watch <workdir> <branch> [interval-seconds] [idle-interval-seconds]
set -u
workdir=$1
branch=$2
fast=\${3:-0.1}
# After 5 s without a change the reads slow down (a commit is still seen well within 1 s).
slow=\${4:-0.3}
interval=$fast
quiet=0
cd -- "$workdir" || exit 2
# The exec user may differ from the repo's owner (root, or the image's USER): trust this one
# repository explicitly instead of failing git's ownership check.
git() { command git -c safe.directory="$PWD" "$@"; }
gitdir=$(git rev-parse --absolute-git-dir 2>/dev/null) || { echo "error not-a-repo"; exit 3; }
common=$(git rev-parse --path-format=absolute --git-common-dir 2>/dev/null) || common=$gitdir
ref="refs/heads/$branch"
rt_list=
rt_tip=-

read_tip() {
  tip=-
  local line h r
  if [ -d "$common/reftable" ]; then
    line=
    if [ -f "$common/reftable/tables.list" ]; then
      line=$(<"$common/reftable/tables.list")
    fi
    if [ "$line" != "$rt_list" ]; then
      rt_list=$line
      rt_tip=$(git rev-parse --verify -q "$ref" 2>/dev/null) || rt_tip=-
    fi
    tip=$rt_tip
    return
  fi
  if [ -f "$common/$ref" ]; then
    line=
    if IFS= read -r line <"$common/$ref" || [ -n "$line" ]; then
      tip=$line
      return
    fi
  fi
  if [ -f "$common/packed-refs" ]; then
    while IFS=' ' read -r h r; do
      if [ "$r" = "$ref" ]; then
        tip=$h
        return
      fi
    done <"$common/packed-refs"
  fi
}

read_head() {
  head=-
  local line=
  if IFS= read -r line <"$gitdir/HEAD" || [ -n "$line" ]; then
    head=$line
  fi
}

# "bundle <have...>" on stdin: the same bundle commit-bundle makes, sent on stdout as
# "bundle-begin <bytes>" + the bytes, so an import needs no new exec. While git works, lines
# "bundle-progress <n>" (n grows with git's progress output and the bundle's size) let the host
# tell a big bundle on a busy machine from a stuck one: it gives up only when n stops growing.
send_bundle() {
  local tmp size line fd made=0 written=0 shown=-1 code=1
  local -a have
  read -ra have <<<"$1"
  tmp=$(mktemp) || { printf 'bundle-error mktemp\\n'; return; }
  exec {fd}< <(
    CCR_BUNDLE_PROGRESS=1 "\${0%/*}/commit-bundle" "$workdir" "$branch" "\${have[@]}" 2>&1 >"$tmp" </dev/null
    printf '\\nbundle-exit %s\\n' "$?"
  )
  printf 'bundle-progress 0\\n'
  while :; do
    line=
    if IFS= read -r -t 1 -u "$fd" line; then
      if [[ $line == 'bundle-exit '* ]]; then
        code=\${line#bundle-exit }
        break
      fi
      made=$((made + \${#line} + 1))
    elif [ "$?" -gt 128 ]; then
      # A quiet second: progress so far (partial line) and the bundle's growth while it is written.
      made=$((made + \${#line}))
      written=$(wc -c <"$tmp") || written=0
      written=\${written// /}
    else
      break
    fi
    if [ "$((made + written))" != "$shown" ]; then
      shown=$((made + written))
      printf 'bundle-progress %s\\n' "$shown" || break
    fi
  done
  exec {fd}<&-
  if [ "$code" = 0 ]; then
    size=$(wc -c <"$tmp")
    printf 'bundle-begin %s\\n' "\${size// /}" && cat -- "$tmp"
  else
    printf 'bundle-error failed\\n'
  fi
  rm -f -- "$tmp"
}

last=
partial=
while :; do
  read_tip
  read_head
  state="$tip $head"
  if [ "$state" != "$last" ]; then
    printf 'state %s %s\\n' "$tip" "$head" || exit 0
    last=$state
    quiet=0
    interval=$fast
  elif [ "$quiet" -lt 50 ]; then
    quiet=$((quiet + 1))
  else
    interval=$slow
  fi
  if IFS= read -r -t "$interval" part; then
    cmd=$partial$part
    partial=
    quiet=0
    interval=$fast
    case $cmd in
      check) last= ;;
      bundle | 'bundle '*) send_bundle "\${cmd#bundle}" ;;
    esac
  else
    # >128: timeout (the normal tick). A loaded machine can time out in the middle of a line:
    # keep what was read for the next round. Otherwise stdin closed: the host is gone.
    [ "$?" -gt 128 ] || exit 0
    partial=$partial$part
    if [ "\${#partial}" -gt 4096 ]; then partial=; fi
  fi
done
`;

export const commitWatch: KitFile = { path: '/opt/ccr/bin/commit-watch', mode: 0o755, content };

const bundleContent = `#!/bin/bash
# Claude Code Runner: write a git bundle of one branch to stdout.
# Usage: commit-bundle <workdir> <branch> [commit-the-host-has ...]
# Commits the host already has are left out when this repo knows them.
set -u
cd -- "$1" || exit 2
git() { command git -c safe.directory="$PWD" "$@"; }
ref="refs/heads/$2"
shift 2
git check-ref-format "$ref" || { echo "bad branch name" >&2; exit 3; }
args=()
known=()
for h in "$@"; do
  if [[ $h =~ ^[0-9a-f]{40}([0-9a-f]{24})?$ ]]; then known+=("$h"); fi
done
if [ "\${#known[@]}" -gt 0 ]; then
  while read -r oid type _; do
    if [ "$type" = commit ]; then args+=("^$oid"); fi
  done < <(printf '%s\\n' "\${known[@]}" | git cat-file --batch-check)
fi
# CCR_BUNDLE_PROGRESS=1: git's progress on stderr, so the host sees a long bundle moving.
if [ "\${CCR_BUNDLE_PROGRESS:-}" = 1 ]; then progress=--all-progress; else progress=--quiet; fi
git bundle create "$progress" - "$ref" "\${args[@]}"
`;

export const commitBundle: KitFile = {
  path: '/opt/ccr/bin/commit-bundle',
  mode: 0o755,
  content: bundleContent,
};
