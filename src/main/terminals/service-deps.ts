/** What a TerminalService is built from, and its small helpers. */
import { randomBytes } from 'node:crypto';
import type { SessionInfo } from '../../shared/schemas/session';
import type { Engine } from '../engine/types';
import type { EventBus } from '../events';
import { agentRun } from '../kit/agent-run';
import type { FlowOptions } from './flow';
import type { BatchOptions } from './live-terminal';
import type { ScreenMode } from './screen-worker';

export interface TerminalServiceDeps {
  bus: Pick<EventBus, 'emit'>;
  getSession(sessionId: string): Promise<SessionInfo | null | undefined>;
  getEngine(session: SessionInfo): Promise<Engine>;
  /** Lines of scrollback for a session's terminals (config key terminalScrollback). */
  scrollback?: (session: SessionInfo) => number | Promise<number>;
  /** argv of an extra shell in a container; default the kit's agent-run (a login shell). */
  containerShell?: string[];
  /** argv of a host shell; default the user's login shell. */
  hostShell?: string[];
  hostEnv?: NodeJS.ProcessEnv;
  /** Quiet period after which an agent without hooks counts as waiting. */
  quietMs?: number;
  flow?: FlowOptions;
  batch?: BatchOptions;
  /** Where terminal screens parse output: a worker thread each (default) or the main thread. */
  screen?: ScreenMode;
}

export const DEFAULT_SIZE = { cols: 120, rows: 36 };

export function newTerminalId(): string {
  return `t-${randomBytes(6).toString('hex')}`;
}

/** The agent program, past the kit's agent-run wrapper, is Claude Code. */
export function isClaude(cmd: string[]): boolean {
  const program = cmd[0] === agentRun.path ? cmd[1] : cmd[0];
  return program !== undefined && /(^|\/)claude$/.test(program);
}
