/**
 * Puts a (neutralised) review message in front of the agent. Paste: one bracketed paste
 * (ESC[200~ … ESC[201~) then Enter, so an agent like Claude Code reads the whole message as one
 * prompt. The agent runs in tmux in its container when the image has tmux: the text goes into a
 * tmux buffer through the exec's stdin (never through tmux's command parser) and is pasted with
 * `paste-buffer -p` (tmux brackets it when the agent asked for bracketed paste) and `-r` (line
 * feeds stay line feeds); otherwise it is written to the agent's terminal in this process.
 * Command: the configured program runs in /workspace with the message on its stdin.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { SessionInfo } from '../../shared/schemas/session';
import type { TerminalInfo } from '../../shared/schemas/terminal';
import type { Engine } from '../engine/types';
import {
  TMUX_SESSION,
  TMUX_SOCKET,
  tmuxAgentAlive,
  tmuxAvailable,
  tmuxLeaveCopyMode,
  type TmuxTarget,
} from '../terminals/agent-tmux';

export type FeedbackConfig = { mode: 'paste' | 'command'; command?: string[] };
export type Via = 'paste' | 'command';

/** The part of the TerminalService delivery needs (the agent's terminal without tmux). */
export interface AgentTerminals {
  list(sessionId: string): TerminalInfo[];
  write(terminalId: string, data: string): void;
}

export const PASTE_START = '\x1b[200~';
export const PASTE_END = '\x1b[201~';
const COMMAND_TIMEOUT_MS = 60_000;

export function notRunning(session: SessionInfo, why: string): AppError {
  return new AppError(
    'agent-not-running',
    `the agent of session ${session.name} is not running (${why})`,
    'start the session (or its agent) again, then send the review; it is kept until then',
  );
}

const tmuxCmd = (...args: string[]) => ['tmux', '-S', TMUX_SOCKET, ...args];

async function tmuxStep(t: TmuxTarget, cmd: string[], stdin?: Buffer): Promise<void> {
  const r = await t.engine.exec(t.containerId, {
    cmd,
    user: t.user || undefined,
    ...(stdin ? { stdin } : {}),
  });
  if (r.exitCode !== 0) {
    throw new AppError(
      'review-delivery-failed',
      `tmux ${cmd[3]} failed in the container (exit ${r.exitCode}): ${r.stderr.toString().trim().slice(0, 300)}`,
      "paste the message into the agent's terminal yourself",
    );
  }
}

async function pasteWithTmux(t: TmuxTarget, text: string): Promise<void> {
  const buffer = `ccr-review-${randomBytes(6).toString('hex')}`;
  await tmuxLeaveCopyMode(t);
  await tmuxStep(t, tmuxCmd('load-buffer', '-b', buffer, '-'), Buffer.from(text, 'utf8'));
  await tmuxStep(t, tmuxCmd('paste-buffer', '-p', '-r', '-d', '-b', buffer, '-t', TMUX_SESSION));
  await tmuxStep(t, tmuxCmd('send-keys', '-t', TMUX_SESSION, 'Enter'));
}

function pasteToTerminal(terminals: AgentTerminals, session: SessionInfo, text: string): void {
  const agent = terminals
    .list(session.id)
    .find((t) => t.role === 'agent' && t.status === 'running');
  if (!agent) throw notRunning(session, 'it has no terminal in this app');
  terminals.write(agent.id, `${PASTE_START}${text}${PASTE_END}`);
  terminals.write(agent.id, '\r');
}

async function runCommand(
  engine: Engine,
  session: SessionInfo,
  command: string[],
  text: string,
): Promise<void> {
  const r = await engine.exec(session.containerId!, {
    cmd: command,
    user: session.containerUser || undefined,
    workdir: '/workspace',
    stdin: Buffer.from(text, 'utf8'),
    signal: AbortSignal.timeout(COMMAND_TIMEOUT_MS),
  });
  if (r.exitCode !== 0) {
    throw new AppError(
      'review-delivery-failed',
      `the feedback command ${command[0]} exited with ${r.exitCode}: ${r.stderr.toString().trim().slice(0, 300)}`,
      'check agent.feedback.command in the config',
    );
  }
}

export async function deliverToAgent(opts: {
  session: SessionInfo;
  engine: () => Promise<Engine>;
  terminals: AgentTerminals;
  feedback: FeedbackConfig;
  text: string;
}): Promise<Via> {
  const { session, feedback, text } = opts;
  if (session.status !== 'running' || !session.containerId) {
    throw notRunning(session, `the session is ${session.status}`);
  }
  if (feedback.mode === 'command' && feedback.command?.length) {
    await runCommand(await opts.engine(), session, feedback.command, text);
    return 'command';
  }
  const hasTerminal = opts.terminals
    .list(session.id)
    .some((t) => t.role === 'agent' && t.status === 'running' && t.scrollback !== 'tmux');
  if (!hasTerminal) {
    const engine = await opts.engine();
    const target = { engine, containerId: session.containerId, user: session.containerUser };
    if ((await tmuxAvailable(target)) && (await tmuxAgentAlive(target))) {
      await pasteWithTmux(target, text);
      return 'paste';
    }
  }
  pasteToTerminal(opts.terminals, session, text);
  return 'paste';
}
