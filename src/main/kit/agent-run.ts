/**
 * agent-run: the wrapper every agent runs under. It runs its arguments as the agent, and when
 * the agent exits (done, crashed, Ctrl-C) the terminal stays usable as a login shell in the
 * workspace, as in the seed. Data arrives only as arguments; nothing is interpolated. Both run
 * in a UTF-8 locale whatever the image sets.
 */
import type { KitFile } from './types';

const content = `#!/bin/sh
# Claude Code Runner: run the agent, then fall back to a shell.
# An image that sets no UTF-8 locale (none at all, C, POSIX) would have the agent and the shell
# mangle non-ASCII text: use C.UTF-8 then (every current glibc and musl has it).
case "\${LC_ALL:-\${LC_CTYPE:-\${LANG:-}}}" in
  *[Uu][Tt][Ff]-8* | *[Uu][Tt][Ff]8*) ;;
  *)
    export LANG=C.UTF-8
    [ -z "\${LC_CTYPE:-}" ] || export LC_CTYPE=C.UTF-8
    [ -z "\${LC_ALL:-}" ] || export LC_ALL=C.UTF-8
    ;;
esac
if [ "$#" -gt 0 ]; then
  "$@"
  status=$?
  printf '\\n[ccr] agent exited with status %s; this terminal is now a shell.\\n' "$status"
fi
if command -v bash >/dev/null 2>&1; then
  exec bash -l
fi
exec sh -l
`;

export const agentRun: KitFile = { path: '/opt/ccr/bin/agent-run', mode: 0o755, content };
