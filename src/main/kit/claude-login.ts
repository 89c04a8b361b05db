/**
 * claude-login: Claude Code's login file in a session, for the host's login sync.
 *
 *   claude-login watch [interval]  prints `cred` when ~/.claude/.credentials.json changes and
 *                                  `acct` when ~/.claude.json changes (each once at start).
 *                                  Between changes only builtins run (a bounded `read` of the
 *                                  small credentials file, `test -nt` against a marker for the
 *                                  big .claude.json); it sleeps with `read -t` on its stdin,
 *                                  so it ends with the host.
 *   claude-login read              the credentials file framed as `file <bytes>\n<bytes>` (or
 *                                  `missing` / `not-a-file`), then .claude.json as `file\n` and
 *                                  its bytes to the end (capped), or `missing`.
 *   claude-login put <n>           stdin: the n bytes the host last read, then the new content.
 *                                  Replaces the file (temp + mv, 0600, as this user) only while
 *                                  it still holds those n bytes, so a refresh that happened
 *                                  meanwhile is never overwritten (prints `changed`, exit 4).
 *
 * The agent controls the container: the host treats every byte as untrusted.
 */
import type { KitFile } from './types';

const content = `#!/bin/bash
# Claude Code Runner: Claude Code's login file, kept in step with the host.
set -u
export LC_ALL=C
home=\${HOME:-}
if [ -z "$home" ]; then home=$(getent passwd "$(id -u)" | cut -d: -f6); fi
cred=$home/.claude/.credentials.json
acct=$home/.claude.json
# One byte more than the host accepts, so an oversized file is seen as such.
max=65537

emit_cred() {
  if [ ! -e "$cred" ]; then printf 'missing\\n'; return; fi
  if [ ! -f "$cred" ]; then printf 'not-a-file\\n'; return; fi
  local c=
  IFS= read -r -N "$max" c <"$cred" || :
  printf 'file %s\\n%s' "\${#c}" "$c"
}

case \${1:-} in
watch)
  interval=\${2:-0.25}
  marker=$(mktemp) || exit 2
  trap 'rm -f -- "$marker"' EXIT
  touch -d @0 -- "$marker"
  last=
  alast=
  gen=0
  while :; do
    cur=m
    if [ -f "$cred" ]; then
      c=
      IFS= read -r -N "$max" c <"$cred" || :
      cur=f$c
    fi
    astate=m
    if [ -e "$acct" ]; then
      if [ "$acct" -nt "$marker" ]; then
        touch -r "$acct" -- "$marker"
        gen=$((gen + 1))
      fi
      astate=f$gen
    fi
    if [ "$cur" != "$last" ]; then
      printf 'cred\\n' || exit 0
      last=$cur
    fi
    if [ "$astate" != "$alast" ]; then
      printf 'acct\\n' || exit 0
      alast=$astate
    fi
    if IFS= read -r -t "$interval" _; then
      :
    else
      # >128: the normal timeout; otherwise stdin closed: the host is gone.
      [ "$?" -gt 128 ] || exit 0
    fi
  done
  ;;
read)
  emit_cred
  if [ -f "$acct" ]; then
    printf 'file\\n'
    exec head -c 16777217 -- "$acct"
  fi
  printf 'missing\\n'
  ;;
put)
  n=\${2:-}
  [[ $n =~ ^[0-9]{1,6}$ ]] || exit 2
  expected=
  if [ "$n" -gt 0 ]; then IFS= read -r -N "$n" expected || :; fi
  new=
  IFS= read -r -N "$max" new || :
  [ -n "$new" ] || exit 2
  current=
  if [ ! -f "$cred" ]; then printf 'changed\\n'; exit 4; fi
  IFS= read -r -N "$max" current <"$cred" || :
  if [ "$current" != "$expected" ]; then printf 'changed\\n'; exit 4; fi
  umask 077
  tmp=$(mktemp "$cred.ccr-XXXXXX") || exit 5
  if printf '%s' "$new" >"$tmp" && mv -f -- "$tmp" "$cred"; then
    printf 'ok\\n'
  else
    rm -f -- "$tmp"
    exit 5
  fi
  ;;
*)
  exit 2
  ;;
esac
`;

export const claudeLogin: KitFile = { path: '/opt/ccr/bin/claude-login', mode: 0o755, content };
