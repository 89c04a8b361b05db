/**
 * Before the agent starts: is each chosen stdio server's command there in the container? One
 * exec as the agent's user in /workspace (where Claude Code starts its servers), `command -v`
 * per command; the commands travel as positional arguments of a fixed script, never spliced
 * into it. The answer is one "y"/"n" line per command, parsed strictly: anything else means the
 * check could not run, which is said rather than guessed.
 */
import type { Engine } from '../engine/types';
import type { McpDefinition } from './definitions';

const SCRIPT = 'for c do if command -v "$c" >/dev/null 2>&1; then echo y; else echo n; fi; done';

export interface CommandCheck {
  /** The stdio servers whose command is not found. */
  missing: { name: string; command: string }[];
  /** Set when the check itself failed (no sh in the image, exec refused…). */
  error?: string;
}

export async function checkMcpCommands(
  engine: Engine,
  containerId: string,
  user: string,
  servers: readonly McpDefinition[],
): Promise<CommandCheck> {
  const stdio = servers.filter(
    (s): s is McpDefinition & { command: string } => s.kind === 'stdio' && !!s.command,
  );
  // A name starting with "-" would be read as an option of `command`: no such program exists.
  const commands = [...new Set(stdio.map((s) => s.command))].filter((c) => !c.startsWith('-'));
  const found = new Map<string, boolean>();
  if (commands.length > 0) {
    let out: string;
    try {
      const r = await engine.exec(containerId, {
        cmd: ['sh', '-c', SCRIPT, 'sh', ...commands],
        user: user || undefined,
        workdir: '/workspace',
      });
      out = r.stdout.toString('utf8');
      if (r.exitCode !== 0) return { missing: [], error: `the check exited with ${r.exitCode}` };
    } catch (e) {
      return { missing: [], error: (e as Error).message.slice(0, 200) };
    }
    const lines = out.split('\n');
    if (lines.at(-1) === '') lines.pop();
    if (lines.length !== commands.length || lines.some((l) => l !== 'y' && l !== 'n')) {
      return { missing: [], error: 'the check gave an answer it should not give' };
    }
    commands.forEach((c, i) => found.set(c, lines[i] === 'y'));
  }
  return {
    missing: stdio
      .filter((s) => found.get(s.command) !== true)
      .map((s) => ({ name: s.name, command: s.command })),
  };
}
