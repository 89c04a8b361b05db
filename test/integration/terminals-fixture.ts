/**
 * A container to run terminals in, made straight with the Engine (no session manager needed),
 * and a TerminalService whose "session" points at it. Removed in `dispose`.
 */
import { Readable } from 'node:stream';
import { pack } from 'tar-stream';
import { connectEngineAt } from '../../src/main/engine';
import type { Engine } from '../../src/main/engine/types';
import { TerminalService, type TerminalServiceDeps } from '../../src/main/terminals/service';
import type { SessionInfo } from '../../src/shared/schemas/session';
import { TEST_BASE_IMAGE, type TestEngine } from '../helpers/engines';
import { Recorder } from '../helpers/event-recorder';

export const TEST_LABEL = 'dev.claude-code-runner.test';

export interface TerminalFixture {
  engine: Engine;
  containerId: string;
  session: SessionInfo;
  rec: Recorder;
  service: TerminalService;
  putFile(path: string, content: string, mode: number): Promise<void>;
  dispose(): Promise<void>;
}

export async function terminalFixture(
  te: TestEngine,
  name: string,
  deps: Partial<TerminalServiceDeps> = {},
): Promise<TerminalFixture> {
  const engine = await connectEngineAt(te.address, { source: 'test' });
  const containerId = await engine.createContainer({
    name: `ccr-it-${name}-${te.name}-${Date.now()}`,
    image: TEST_BASE_IMAGE,
    labels: { [TEST_LABEL]: name },
    env: {},
    cmd: ['sleep', 'infinity'],
    workdir: '/workspace',
    network: 'none',
  });
  await engine.startContainer(containerId);
  await engine.exec(containerId, { cmd: ['mkdir', '-p', '/workspace'] });
  const session: SessionInfo = {
    schemaVersion: 1,
    id: `it-${name}`,
    name,
    folder: '/nonexistent',
    branch: 'claude/test',
    baseCommit: null,
    engine: { address: te.address, kind: te.name },
    containerId,
    containerName: name,
    image: TEST_BASE_IMAGE,
    containerUser: '',
    status: 'running',
    createdAt: '',
    updatedAt: '',
  };
  const rec = new Recorder();
  const service = new TerminalService({
    bus: rec.bus,
    getSession: async (id) => (id === session.id ? session : null),
    getEngine: async () => engine,
    containerShell: ['bash', '--norc', '--noprofile', '-i'],
    ...deps,
  });
  return {
    engine,
    containerId,
    session,
    rec,
    service,
    async putFile(path, content, mode) {
      const tar = pack();
      tar.entry({ name: path.replace(/^\//, ''), mode }, content);
      tar.finalize();
      await engine.putArchive(containerId, '/', Readable.from(tar));
    },
    async dispose() {
      service.dispose();
      await engine.removeContainer(containerId, { force: true }).catch(() => undefined);
    },
  };
}
