/**
 * The agent's terminal backend: a tmux client of the agent's detached tmux session when the
 * image has tmux (the agent then survives the app), else the plain TTY exec of spec.cmd.
 */
import type { AgentSpec } from '../sessions/agent-launcher';
import { Once, type TerminalBackend } from './backend';
import { openContainerBackend } from './container-backend';
import {
  tmuxAgentExitCode,
  tmuxAttachCmd,
  tmuxAvailable,
  tmuxLaunch,
  type TmuxTarget,
} from './agent-tmux';

type Size = { cols: number; rows: number };

export async function openAgentBackend(
  target: TmuxTarget,
  spec: AgentSpec,
  hooks: boolean,
  size: Size,
): Promise<{ backend: TerminalBackend; tmux: boolean }> {
  if (await tmuxAvailable(target)) {
    try {
      await tmuxLaunch(target, {
        cmd: spec.cmd,
        workdir: spec.workdir,
        env: { TERM: 'xterm-256color', COLORTERM: 'truecolor', ...spec.env },
        attention: hooks ? 'hooks' : 'heuristic',
        ...size,
      });
      return { backend: await attachAgentBackend(target, size), tmux: true };
    } catch (e) {
      // tmux is a convenience: the agent still runs, only without surviving an app restart.
      console.error(`terminals: ${(e as Error).message}; running the agent without tmux`);
    }
  }
  const backend = await openContainerBackend(target.engine, {
    containerId: target.containerId,
    cmd: spec.cmd,
    user: spec.user,
    workdir: spec.workdir,
    env: spec.env,
    ...size,
  });
  return { backend, tmux: false };
}

/**
 * The viewer-facing TTY exec: a tmux client; its resize resizes the agent's window. When the
 * client ends, the exit code reported is the agent's (from the file the run script leaves),
 * else the client's own.
 */
export async function attachAgentBackend(target: TmuxTarget, size: Size): Promise<TerminalBackend> {
  const client = await openContainerBackend(target.engine, {
    containerId: target.containerId,
    cmd: tmuxAttachCmd(),
    user: target.user,
    workdir: '/workspace',
    ...size,
  });
  const exit = new Once<number>();
  client.onExit((code) => {
    tmuxAgentExitCode(target)
      .catch(() => null)
      .then((agent) => exit.fire(agent ?? code));
  });
  return {
    write: (d) => client.write(d),
    resize: (c, r) => client.resize(c, r),
    onData: (l) => client.onData(l),
    onExit: (l) => exit.on(l),
    pause: () => client.pause(),
    resume: () => client.resume(),
    kill: () => client.kill(),
  };
}
