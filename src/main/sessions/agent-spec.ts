/**
 * What the agent runs: the configured command (claude --dangerously-skip-permissions by
 * default) wrapped in agent-run, so the terminal falls back to a shell when the agent exits.
 * Claude-specific settings are applied the way Claude Code reads them: --allowedTools (skipped
 * for ["*"], which means no restriction), MAX_THINKING_TOKENS, BASH_DEFAULT_TIMEOUT_MS and
 * BASH_MAX_TIMEOUT_MS. The initial prompt is the last argument (after "--" for Claude, so a
 * prompt starting with "-" is never read as an option). An agent started again with its
 * conversation (restart, fork with the conversation) gets `agent.resume` (claude: --continue)
 * before the prompt.
 */
import type { ResolvedConfig } from '../../shared/schemas/config';
import { agentRun } from '../kit/agent-run';
import type { AgentSpec } from './agent-launcher';

export type AgentConfig = Pick<
  ResolvedConfig,
  'allowedTools' | 'maxThinkingTokens' | 'bashTimeout' | 'autoStartClaude'
> & {
  agent: Pick<ResolvedConfig['agent'], 'command' | 'prompt'> & { resume?: string[] };
};

export function isClaude(command: readonly string[]): boolean {
  const bin = command[0] ?? '';
  return bin.slice(bin.lastIndexOf('/') + 1) === 'claude';
}

export function agentSpec(
  config: AgentConfig,
  opts: {
    user: string;
    rootOnly: boolean;
    prompt?: string;
    /** The agent starts again with its conversation: the config's resume args are added. */
    resume?: boolean;
  },
): AgentSpec {
  const env: Record<string, string> = {};
  if (opts.rootOnly) env.IS_SANDBOX = '1';
  if (!config.autoStartClaude)
    return { cmd: [agentRun.path], user: opts.user, workdir: '/workspace', env };
  const cmd = [agentRun.path, ...config.agent.command];
  const claude = isClaude(config.agent.command);
  const tools = config.allowedTools.filter((t) => t.trim() !== '');
  if (claude && tools.length > 0 && !tools.includes('*'))
    cmd.push('--allowedTools', tools.join(','));
  if (config.maxThinkingTokens !== undefined)
    env.MAX_THINKING_TOKENS = String(config.maxThinkingTokens);
  if (config.bashTimeout !== undefined) {
    env.BASH_DEFAULT_TIMEOUT_MS = String(config.bashTimeout);
    env.BASH_MAX_TIMEOUT_MS = String(config.bashTimeout);
  }
  if (opts.resume) cmd.push(...(config.agent.resume ?? []));
  const prompt = opts.prompt ?? config.agent.prompt;
  if (prompt !== undefined && prompt !== '') {
    if (claude) cmd.push('--');
    cmd.push(prompt);
  }
  return { cmd, user: opts.user, workdir: '/workspace', env };
}
