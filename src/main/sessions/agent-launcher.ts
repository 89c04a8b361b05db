/**
 * The seam between sessions and terminals: sessions decide WHAT the agent runs (the spec), the
 * terminals service decides HOW (a TTY exec whose output it keeps, resizes and replays).
 */
import type { SessionInfo } from '../../shared/schemas/session';

export interface AgentSpec {
  /** Full argv, already wrapped: ['/opt/ccr/bin/agent-run', 'claude', ...] or a login shell. */
  cmd: string[];
  /** User to run as inside the container (name or uid[:gid]; "" = the image's default). */
  user: string;
  workdir: '/workspace';
  /** Extra environment for the agent process only (not secrets: those are in the container env). */
  env: Record<string, string>;
}

export interface AgentLauncher {
  /** Starts the agent in a terminal of the session's container; resolves once it is started. */
  launch(session: SessionInfo, spec: AgentSpec): Promise<void>;
  /**
   * For a running session this process adopted: attaches to its agent when the agent survived
   * the previous app process (true), else does nothing (false). Never starts a new agent.
   */
  resume?(session: SessionInfo): Promise<boolean>;
}
