/**
 * usage-watch: the one long-lived usage watcher per session. It follows Claude Code's transcript
 * files (`$CLAUDE_CONFIG_DIR or ~/.claude` + `/projects/**` + `/*.jsonl`, subagent files included)
 * and sends the host the bytes appended since the host's offsets, so the host never reads a file twice.
 *
 * Between changes it forks nothing: each tick it expands the glob, compares every file's mtime
 * with a marker file it re-touched at the previous tick (`: >` and `-ot` are builtins), and
 * sleeps with `read -t` on its stdin, so it ends when the host goes away. Only files written
 * since the previous tick are measured (`wc -c`) and read (`tail | head`). Comparing with the
 * previous tick's marker (not the last change's) means a write in the same clock tick as the
 * marker is still seen, and nothing is flagged twice for long.
 *
 * Protocol. The host first writes `off <bytes> <path>` lines (where to resume each file) and
 * `go`. The script prints `dir <projects dir>` once, then for new bytes
 * `chunk <length> <offset> <path>` followed by exactly <length> bytes, and `round` after each
 * tick that sent something. A file shorter than its offset was replaced: it is sent from 0.
 * Names with a newline and symlinks are skipped. The host treats all of it as untrusted.
 */
import type { KitFile } from './types';

const content = `#!/bin/bash
# Claude Code Runner: follow Claude Code's transcripts.
# Usage: usage-watch [interval-seconds] [max-chunk-bytes]
set -u
shopt -s nullglob globstar
interval=\${1:-0.5}
max=\${2:-1048576}
# A user without a passwd entry may have no HOME: look in /.claude then (there is none).
dir=\${CLAUDE_CONFIG_DIR:-\${HOME:-}/.claude}/projects
declare -A off
while :; do
  IFS= read -r line || exit 0
  case $line in
    go) break ;;
    'off '*)
      rest=\${line#off }
      n=\${rest%% *}
      p=\${rest#* }
      if [[ $n =~ ^[0-9]{1,15}$ ]]; then off[$p]=$n; fi
      ;;
  esac
done
tmp=$(mktemp) || exit 2
old=$(mktemp) || exit 2
new=$(mktemp) || exit 2
trap 'rm -f -- "$tmp" "$old" "$new"' EXIT
printf 'dir %s\\n' "$dir" || exit 0

# Sends up to $max new bytes of one file; returns 0 when more may follow.
send() {
  local f=$1 size o n
  size=$(wc -c <"$f" 2>/dev/null) || return 1
  size=\${size// /}
  o=\${off[$f]:-0}
  if [ "$size" -lt "$o" ]; then o=0; fi
  n=$((size - o))
  if [ "$n" -le 0 ]; then return 1; fi
  if [ "$n" -gt "$max" ]; then n=$max; fi
  tail -c +"$((o + 1))" -- "$f" 2>/dev/null | head -c "$n" >"$tmp"
  n=$(wc -c <"$tmp") || return 1
  n=\${n// /}
  if [ "$n" -le 0 ]; then return 1; fi
  printf 'chunk %s %s %s\\n' "$n" "$o" "$f" || exit 0
  cat -- "$tmp" || exit 0
  off[$f]=$((o + n))
  sent=1
  [ "$n" -ge "$max" ]
}

first=1
partial=
while :; do
  # The marker for the next tick, touched before this tick looks (a builtin: no fork).
  : >"$new"
  sent=0
  if [ -d "$dir" ]; then
    for f in "$dir"/**/*.jsonl; do
      if [[ $f == *$'\\n'* ]] || [ -L "$f" ] || [ ! -f "$f" ]; then continue; fi
      if [ "$first" = 1 ] || ! [ "$f" -ot "$old" ]; then
        while send "$f"; do :; done
      fi
    done
  fi
  first=0
  t=$old
  old=$new
  new=$t
  if [ "$sent" = 1 ]; then printf 'round\\n' || exit 0; fi
  if IFS= read -r -t "$interval" part; then
    cmd=$partial$part
    partial=
    case $cmd in
      check) first=1 ;;
    esac
  else
    # >128: the tick's timeout. Otherwise stdin closed: the host is gone.
    [ "$?" -gt 128 ] || exit 0
    partial=$partial$part
    if [ "\${#partial}" -gt 4096 ]; then partial=; fi
  fi
done
`;

export const usageWatch: KitFile = { path: '/opt/ccr/bin/usage-watch', mode: 0o755, content };
