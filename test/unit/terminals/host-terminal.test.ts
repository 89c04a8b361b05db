import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TerminalService } from '../../../src/main/terminals/service';
import type { SessionInfo } from '../../../src/shared/schemas/session';
import { Recorder } from '../../helpers/event-recorder';

const folder = realpathSync(mkdtempSync(join(tmpdir(), 'ccr-host-term-')));
const session: SessionInfo = {
  schemaVersion: 1,
  id: 'host-test',
  name: 'host-test',
  folder,
  branch: 'claude/x',
  baseCommit: null,
  engine: { address: 'unix:///nonexistent', kind: 'docker' },
  containerId: null,
  containerName: 'x',
  image: 'x',
  containerUser: '',
  status: 'stopped',
  createdAt: '',
  updatedAt: '',
};

describe('host terminals (node-pty)', () => {
  const rec = new Recorder();
  const service = new TerminalService({
    bus: rec.bus,
    getSession: async (id) => (id === session.id ? session : null),
    getEngine: async () => {
      throw new Error('host terminals need no engine');
    },
    hostShell: ['/bin/bash', '--norc', '--noprofile', '-i'],
    hostEnv: { PATH: process.env.PATH, HOME: folder, PS1: '$ ' },
  });
  afterAll(() => service.dispose());

  it('spawns a shell in the session folder, takes input and resizes, reports the exit code', async () => {
    const info = await service.open({ sessionId: session.id, kind: 'host', cols: 90, rows: 20 });
    expect(info).toMatchObject({
      kind: 'host',
      role: 'shell',
      status: 'running',
      cols: 90,
      rows: 20,
    });
    expect(service.list(session.id).map((t) => t.id)).toEqual([info.id]);
    await service.attach(info.id, 'v1');
    service.write(info.id, 'pwd; stty size\r');
    await rec.until(() => rec.output(info.id).includes('20 90'), 'stty size');
    expect(rec.output(info.id)).toContain(folder);
    await service.resize(info.id, 123, 45, 'v1');
    service.write(info.id, 'stty size\r');
    await rec.until(() => rec.output(info.id).includes('45 123'), 'resized stty size');
    service.write(info.id, 'exit 7\r');
    await rec.until(() => rec.of('terminalExit').length > 0, 'exit');
    expect(rec.of('terminalExit')).toEqual([{ terminalId: info.id, exitCode: 7 }]);
    expect(service.list(session.id)[0]).toMatchObject({ status: 'exited', exitCode: 7 });
    service.close(info.id);
    expect(service.list(session.id)).toEqual([]);
  });

  it('refuses a container terminal for a session without a running container', async () => {
    await expect(
      service.open({ sessionId: session.id, kind: 'container', cols: 80, rows: 24 }),
    ).rejects.toMatchObject({
      code: 'session-not-running',
    });
    await expect(service.attach('t-000000', 'v')).rejects.toMatchObject({
      code: 'terminal-not-found',
    });
  });
});

describe('viewers that go away', () => {
  it('a viewer whose connection drops stops holding the terminal back', async () => {
    const rec = new Recorder();
    const service = new TerminalService({
      bus: rec.bus,
      getSession: async () => session,
      getEngine: async () => {
        throw new Error('no engine');
      },
      hostShell: ['/bin/bash', '--norc', '--noprofile', '-i'],
      hostEnv: { PATH: process.env.PATH, HOME: folder, PS1: '$ ' },
      flow: { high: 4096, low: 1024, staleMs: 60_000 },
    });
    const info = await service.open({ sessionId: session.id, kind: 'host', cols: 80, rows: 24 });
    const connection = new AbortController();
    await service.attach(info.id, 'gone', connection.signal);
    await service.attach(info.id, 'gone', connection.signal); // re-attach on the same connection
    service.write(info.id, 'seq 1 200000; echo END-$((1+1))\r');
    // Never acked: the shell is paused long before the end.
    await new Promise((r) => setTimeout(r, 1000));
    expect(rec.output(info.id)).not.toContain('END-2');
    connection.abort();
    // Nobody is attached now, so nothing is sent; the screen gets it all.
    let serialized = '';
    for (let i = 0; i < 100 && !serialized.includes('END-2'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      const snap = await service.attach(info.id, 'fresh');
      service.detach(info.id, 'fresh');
      serialized = snap.serialized;
    }
    expect(serialized).toContain('END-2');
    service.dispose();
  });
});
