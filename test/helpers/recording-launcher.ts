/**
 * Test-only AgentLauncher: runs the agent spec as a TTY exec (like the terminals service) and
 * records what it prints. The app's real launcher is the terminals service.
 */
import type { AgentLauncher, AgentSpec } from '../../src/main/sessions/agent-launcher';
import type { Engine } from '../../src/main/engine/types';
import type { SessionInfo } from '../../src/shared/schemas/session';

export class RecordingLauncher implements AgentLauncher {
  readonly output = new Map<string, string>();
  readonly specs = new Map<string, AgentSpec>();
  private readonly closers: (() => void)[] = [];

  constructor(private readonly engine: Engine) {}

  async launch(session: SessionInfo, spec: AgentSpec): Promise<void> {
    this.specs.set(session.id, spec);
    const exec = await this.engine.execStream(session.containerId!, {
      cmd: spec.cmd,
      user: spec.user || undefined,
      workdir: spec.workdir,
      env: spec.env,
      tty: true,
      stdin: true,
      cols: 120,
      rows: 30,
    });
    this.closers.push(() => exec.close());
    exec.stdout.on('data', (c: Buffer) => {
      this.output.set(session.id, (this.output.get(session.id) ?? '') + c.toString('utf8'));
    });
  }

  async waitFor(sessionId: string, text: string, timeoutMs = 15_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const out = this.output.get(sessionId) ?? '';
      if (out.includes(text)) return out;
      if (Date.now() > end)
        throw new Error(`agent output never showed ${JSON.stringify(text)}; got: ${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  closeAll(): void {
    for (const c of this.closers.splice(0)) c();
  }
}
