/**
 * attention-hook: how Claude Code tells the runner that it needs the user, without network.
 *
 * The runner adds hooks to the container's ~/.claude/settings.json (`claudeSettingsHooks()`)
 * that run `/opt/ccr/bin/attention-hook <state> <reason>`. The script appends one JSON line
 * to ATTENTION_FILE; the runner follows that file with a long-lived `tail -F` exec
 * (terminals/hook-watcher.ts). A plain file was chosen because a hook must never block or
 * fail the agent: a FIFO blocks its writer while no reader is there, an OSC sequence on the
 * agent's TTY can interleave with its drawing, the network may be off. The state and reason
 * come only from fixed words in the settings (checked again here), never from the hook's input,
 * and the file is cut back when it grows past 64 KiB. The runner still validates every line.
 */
import type { KitFile } from './types';

export const ATTENTION_FILE = '/tmp/ccr-attention.jsonl';
export const ATTENTION_HOOK_PATH = '/opt/ccr/bin/attention-hook';

const content = `#!/bin/sh
# Claude Code Runner: report the agent's attention state (called by Claude Code hooks).
# usage: attention-hook working|waiting|finished <reason>
file=${ATTENTION_FILE}
case "$1" in working|waiting|finished) state=$1 ;; *) exit 0 ;; esac
case "$2" in session-start|prompt|stop|idle|permission|notification) reason=$2 ;; *) reason=other ;; esac
# Claude writes the event as JSON on stdin; read it so the writer never sees a broken pipe.
if command -v timeout >/dev/null 2>&1; then timeout 2 cat >/dev/null 2>&1; else cat >/dev/null 2>&1; fi
size=$(wc -c <"$file" 2>/dev/null || echo 0)
if [ "$size" -gt 65536 ] 2>/dev/null; then : >"$file" 2>/dev/null; fi
printf '{"state":"%s","reason":"%s","ts":%s}\\n' "$state" "$reason" "$(date +%s)" >>"$file" 2>/dev/null
exit 0
`;

export const attentionHook: KitFile = { path: ATTENTION_HOOK_PATH, mode: 0o755, content };

type HookEntry = {
  matcher?: string;
  hooks: { type: 'command'; command: string; timeout?: number }[];
};

const run = (state: string, reason: string): HookEntry['hooks'] => [
  { type: 'command', command: `${ATTENTION_HOOK_PATH} ${state} ${reason}`, timeout: 10 },
];

/** The `hooks` the runner adds to the container's Claude settings.json. */
export function claudeSettingsHooks(): Record<string, HookEntry[]> {
  return {
    SessionStart: [{ hooks: run('working', 'session-start') }],
    UserPromptSubmit: [{ hooks: run('working', 'prompt') }],
    Stop: [{ hooks: run('finished', 'stop') }],
    Notification: [
      { matcher: 'idle_prompt', hooks: run('waiting', 'idle') },
      { matcher: 'permission_prompt', hooks: run('waiting', 'permission') },
    ],
  };
}

/**
 * Adds the runner's hooks to a parsed settings.json (the user's own hooks are kept; ours are
 * not added twice). Returns a new object; anything that is not an object becomes `{}`.
 */
export function mergeClaudeSettingsHooks(settings: unknown): Record<string, unknown> {
  const base: Record<string, unknown> =
    settings && typeof settings === 'object' && !Array.isArray(settings)
      ? { ...(settings as Record<string, unknown>) }
      : {};
  const existing =
    base.hooks && typeof base.hooks === 'object' && !Array.isArray(base.hooks)
      ? (base.hooks as Record<string, unknown>)
      : {};
  const hooks: Record<string, unknown> = { ...existing };
  for (const [event, entries] of Object.entries(claudeSettingsHooks())) {
    const current = Array.isArray(hooks[event]) ? (hooks[event] as unknown[]) : [];
    const ours = (e: unknown) => JSON.stringify(e).includes(ATTENTION_HOOK_PATH);
    hooks[event] = [...current.filter((e) => !ours(e)), ...entries];
  }
  base.hooks = hooks;
  return base;
}
