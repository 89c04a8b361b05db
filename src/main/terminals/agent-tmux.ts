/**
 * The agent inside a detached tmux session in its container, so it outlives the app: an engine
 * exec cannot be re-attached, but a tmux client can. The viewer's terminal is a TTY exec of
 * `tmux attach`; a new app process attaches again and tmux redraws the whole screen. Images
 * without tmux keep the plain TTY exec (the caller falls back).
 *
 * The agent's argv never passes through tmux's command parser (it splits on any argument that
 * ends in ";", which a prompt may well do): it travels in the exec's environment, which becomes
 * the fresh tmux server's global environment, and a fixed sh script rebuilds "$@" from it.
 */
import { AppError } from '../../shared/errors';
import type { Engine } from '../engine/types';

export const TMUX_SOCKET = '/tmp/ccr-tmux.sock';
export const TMUX_SESSION = 'agent';
const HISTORY_LIMIT = '50000';
const ARG_PREFIX = 'CCR_AGENT_ARG_';
const ARGC = 'CCR_AGENT_ARGC';
/**
 * The agent's exit status, written by the script below when the agent ends: the terminal's own
 * process is a tmux client, whose exit code (0) says nothing about the agent.
 */
export const AGENT_EXIT_FILE = '/tmp/ccr-agent-exit';

/**
 * Rebuilds the argv from CCR_AGENT_ARGC / CCR_AGENT_ARG_<i> (only the index is eval'ed), runs
 * it, and records its exit status before the pane closes (so before any tmux client exits).
 */
const RUN_SCRIPT = [
  `rm -f ${AGENT_EXIT_FILE}`,
  `n="\${${ARGC}:-0}"; i=0; set --`,
  `while [ "$i" -lt "$n" ]; do eval "set -- \\"\\$@\\" \\"\\$${ARG_PREFIX}$i\\""; unset "${ARG_PREFIX}$i"; i=$((i + 1)); done`,
  `unset ${ARGC}`,
  '"$@"',
  'status=$?',
  `echo "$status" > ${AGENT_EXIT_FILE}`,
  'exit "$status"',
].join('\n');

export type AttentionMode = 'hooks' | 'heuristic';

export interface TmuxTarget {
  engine: Engine;
  containerId: string;
  /** tmux refuses clients of another uid: the server, has-session and attach share the user. */
  user: string;
}

function tmux(...args: string[]): string[] {
  // -u: the viewer's terminal is UTF-8 whatever locale the image sets (without it tmux draws
  // every non-ASCII character as "_" and drops typed ones).
  return ['tmux', '-u', '-S', TMUX_SOCKET, ...args];
}

/**
 * The TERM inside tmux: tmux-256color when the image has its terminfo (Debian's ncurses-base
 * does), else screen-256color. With a screen* default-terminal tmux shows italics as reverse.
 */
const TMUX_TERM_PROBE = [
  'for d in "$HOME/.terminfo" /etc/terminfo /lib/terminfo /usr/share/terminfo /usr/lib/terminfo; do',
  '  for f in "$d/t/tmux-256color" "$d/74/tmux-256color"; do [ -e "$f" ] && exit 0; done',
  'done',
  'exit 1',
].join('\n');

async function innerTerm(t: TmuxTarget): Promise<string> {
  const r = await run(t, ['sh', '-c', TMUX_TERM_PROBE]);
  return r.exitCode === 0 ? 'tmux-256color' : 'screen-256color';
}

async function run(t: TmuxTarget, cmd: string[], env?: Record<string, string>) {
  try {
    return await t.engine.exec(t.containerId, { cmd, user: t.user || undefined, env });
  } catch (e) {
    // A missing binary is an error on some engines and exit 126/127 on others.
    return { exitCode: -1, stdout: Buffer.alloc(0), stderr: Buffer.from((e as Error).message) };
  }
}

/** The image has tmux (a non-TTY exec, once per launch). */
export async function tmuxAvailable(t: TmuxTarget): Promise<boolean> {
  const r = await run(t, ['sh', '-c', 'command -v tmux >/dev/null 2>&1']);
  return r.exitCode === 0;
}

/** The agent's tmux session is alive (a container restart ends it). */
export async function tmuxAgentAlive(t: TmuxTarget): Promise<boolean> {
  const r = await run(t, tmux('has-session', '-t', TMUX_SESSION));
  return r.exitCode === 0;
}

/** How the agent's attention is followed, as recorded at launch. */
export async function tmuxAttentionMode(t: TmuxTarget): Promise<AttentionMode> {
  const r = await run(t, tmux('show-options', '-v', '-t', TMUX_SESSION, '@ccr_attention'));
  return r.stdout.toString().trim() === 'hooks' ? 'hooks' : 'heuristic';
}

/** Ends the agent's tmux server (and the agent with it); quiet when there is none. */
export async function tmuxKill(t: TmuxTarget): Promise<void> {
  await run(t, tmux('kill-server'));
}

/**
 * Starts `cmd` in a fresh detached tmux session. Any previous server is ended first, so the
 * new one is started by this exec and its environment (env + the argv) is the agent's.
 */
export async function tmuxLaunch(
  t: TmuxTarget,
  opts: {
    cmd: string[];
    workdir: string;
    env: Record<string, string>;
    cols: number;
    rows: number;
    attention: AttentionMode;
  },
): Promise<void> {
  await tmuxKill(t);
  const term = await innerTerm(t);
  const env: Record<string, string> = { ...opts.env, [ARGC]: String(opts.cmd.length) };
  opts.cmd.forEach((a, i) => (env[`${ARG_PREFIX}${i}`] = a));
  // Every argument below is fixed text or a number: nothing from the user reaches the parser.
  const cmd = tmux(
    '-f',
    '/dev/null',
    'set-option',
    '-g',
    'history-limit',
    HISTORY_LIMIT,
    ';',
    'set-option',
    '-g',
    'status',
    'off',
    ';',
    'set-option',
    '-g',
    'default-terminal',
    term,
    ';',
    'new-session',
    '-d',
    '-s',
    TMUX_SESSION,
    '-c',
    opts.workdir,
    '-x',
    String(opts.cols),
    '-y',
    String(opts.rows),
    '--',
    'sh',
    '-c',
    RUN_SCRIPT,
    'ccr-agent',
    ';',
    'set-option',
    '-t',
    TMUX_SESSION,
    '@ccr_attention',
    opts.attention,
  );
  const r = await t.engine.exec(t.containerId, {
    cmd,
    user: t.user || undefined,
    workdir: opts.workdir,
    env,
  });
  if (r.exitCode !== 0) {
    throw new AppError(
      'agent-start-failed',
      `tmux could not start the agent: ${r.stderr.toString().trim().slice(0, 300)}`,
      'restart the session; if it fails again, rebuild the image (its tmux may be broken)',
    );
  }
}

/**
 * The exit status the agent left in AGENT_EXIT_FILE, or null when it has none (the agent still
 * runs, its client was detached or the server killed, or the file is unreadable or garbled).
 */
export async function tmuxAgentExitCode(t: TmuxTarget): Promise<number | null> {
  const r = await run(t, ['cat', '--', AGENT_EXIT_FILE]);
  if (r.exitCode !== 0) return null;
  const text = r.stdout.toString().trim();
  return /^\d{1,3}$/.test(text) ? Number(text) : null;
}

/**
 * Scrolls the agent's pane through tmux's history (copy mode, left again on its own when
 * scrolled back to the bottom). `lines` < 0 scrolls back. The count is a number: nothing from
 * a viewer reaches tmux's parser.
 */
export async function tmuxScroll(t: TmuxTarget, lines: number): Promise<void> {
  const n = String(Math.min(10_000, Math.abs(Math.trunc(lines))));
  const dir = lines < 0 ? 'scroll-up' : 'scroll-down';
  const r = await run(
    t,
    tmux(
      'copy-mode',
      '-e',
      '-t',
      TMUX_SESSION,
      ';',
      'send-keys',
      '-t',
      TMUX_SESSION,
      '-X',
      '-N',
      n,
      dir,
    ),
  );
  if (r.exitCode !== 0) {
    throw new AppError(
      'terminal-scroll-failed',
      `tmux could not scroll: ${r.stderr.toString().trim().slice(0, 200)}`,
      'the agent keeps running; type in the terminal or reopen it to see the latest output',
    );
  }
}

/** Leaves copy mode if the pane is in it, so typed keys reach the agent again. */
export async function tmuxLeaveCopyMode(t: TmuxTarget): Promise<void> {
  await run(
    t,
    tmux(
      'if-shell',
      '-F',
      '-t',
      TMUX_SESSION,
      '#{pane_in_mode}',
      `send-keys -t ${TMUX_SESSION} -X cancel`,
    ),
  );
}

/**
 * How tmux draws for the viewer's terminal (xterm.js as xterm-256color): true colour and
 * italics whatever the image's terminfo says, and no alternate screen (smcup@, rmcup@). In the
 * normal buffer, the lines tmux scrolls off the top (it scrolls a full-size pane with line
 * feeds) go into the viewer's own scrollback, as in a plain terminal; the history from before
 * the attach is seeded from tmux's (tmuxHistory).
 */
const CLIENT_OVERRIDES = ',xterm-256color:Tc:sitm=\\E[3m:smcup@:rmcup@';

/** argv of the TTY exec a viewer's terminal runs: a tmux client of the agent's session. */
export function tmuxAttachCmd(): string[] {
  // -d detaches clients a previous app process left behind (an engine keeps an exec running
  // after its connection closed), so the window follows the live viewer's size alone. The
  // overrides are set here, not at launch, so an agent launched by an older app gets them too
  // (tmux reads them when a client attaches).
  return tmux(
    'set-option',
    '-g',
    'terminal-overrides',
    CLIENT_OVERRIDES,
    ';',
    'set-option',
    '-g',
    'window-size',
    'latest',
    ';',
    'attach-session',
    '-d',
    '-t',
    TMUX_SESSION,
  );
}

/**
 * Prints the last `lines` lines of the pane's history (above the visible screen) with their
 * colours (-e), wrapped lines joined (-J) so the viewer wraps (and re-wraps) them itself; ''
 * when there is none. capture-pane with an empty history would print the screen instead,
 * hence the size check first. The count is a number passed as an argument, never parsed text.
 */
const HISTORY_SCRIPT = [
  'n=$(tmux -u -S "$1" display-message -p -t "$2" "#{history_size}") || exit 1',
  '[ "$n" -gt 0 ] 2>/dev/null || exit 0',
  '[ "$n" -gt "$3" ] && n="$3"',
  '[ "$n" -gt 0 ] || exit 0',
  'exec tmux -u -S "$1" capture-pane -p -e -J -t "$2" -S "-$n" -E -1',
].join('\n');

/** The pane's history (the last `lines` lines), as capture-pane prints it; '' on failure. */
export async function tmuxHistory(t: TmuxTarget, lines: number): Promise<string> {
  const n = Math.max(0, Math.min(1_000_000, Math.trunc(lines)));
  if (n === 0) return '';
  const r = await run(t, [
    'sh',
    '-c',
    HISTORY_SCRIPT,
    'ccr-history',
    TMUX_SOCKET,
    TMUX_SESSION,
    String(n),
  ]);
  return r.exitCode === 0 ? r.stdout.toString('utf8') : '';
}
