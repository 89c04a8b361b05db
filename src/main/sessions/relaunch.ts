/**
 * Starting a session's agent again in its running container (Restart, a fork): with the
 * agent's resume arguments when asked and there is a conversation to continue, else fresh; no
 * initial prompt. Problems go to the session log, never thrown: the container runs either way.
 */
import type { SessionInfo } from '../../shared/schemas/session';
import { agentSpec } from './agent-spec';
import { isRootUser } from './container-plan';
import { canResume } from './conversation-archive';
import type { SessionDeps } from './deps';

export async function relaunchAgent(
  deps: SessionDeps,
  s: SessionInfo,
  opts: { resume: boolean },
): Promise<void> {
  if (!deps.launcher) return;
  const loaded = await deps.loadConfig({
    projectDir: s.folder,
    configPath: s.configPath,
    env: deps.env,
    homeDir: deps.homeDir,
    platform: deps.platform,
  });
  if (!loaded.ok) {
    deps.bus.emit('sessionLog', {
      sessionId: s.id,
      stream: 'system',
      text: 'the agent was not restarted: the config has problems (open it to see them)\n',
    });
    return;
  }
  // No initial prompt on a restart: the agent picks up its conversation (resume args), or
  // starts fresh from the workspace as it is.
  const { command, resume } = loaded.config.agent;
  const resumed = opts.resume && (await hasConversation(deps, s, command));
  const spec = agentSpec(
    { ...loaded.config, agent: { command, resume } },
    {
      user: s.containerUser,
      rootOnly: isRootUser(s.containerUser),
      resume: resumed,
    },
  );
  await deps.launcher.launch(s, spec).catch((e: unknown) => {
    deps.bus.emit('sessionLog', {
      sessionId: s.id,
      stream: 'system',
      text: `the agent could not be restarted: ${(e as Error).message}\n`,
    });
  });
}

/** A conversation the agent can continue; said in the session log when there is none. */
async function hasConversation(
  deps: SessionDeps,
  s: SessionInfo,
  command: readonly string[],
): Promise<boolean> {
  const engine = await deps.engineAt(s.engine.address);
  const can = await canResume(engine, s.containerId!, s.containerUser, command).catch(() => false);
  if (!can) {
    deps.bus.emit('sessionLog', {
      sessionId: s.id,
      stream: 'system',
      text: 'no conversation to continue yet: the agent starts a new one\n',
    });
  }
  return can;
}
