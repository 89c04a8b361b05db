/**
 * The renderer's TerminalController (DOM-free) driven through the real in-process transport
 * against a TerminalService with a real host pty; @xterm/headless stands in for the xterm.js
 * instance. Checks what a user would notice: the screen is right, a late viewer sees the same,
 * acknowledgements keep the process flowing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TerminalController } from '../../../src/renderer/src/components/terminal/terminal-controller';
import { EventBus } from '../../../src/main/events';
import { terminalHandlers } from '../../../src/main/terminals/handlers';
import { TerminalService } from '../../../src/main/terminals/service';
import { createLocalApi } from '../../../src/main/transport/local';
import type { Handlers } from '../../../src/shared/contract';
import type { SessionInfo } from '../../../src/shared/schemas/session';
import { ViewerScreen } from '../../helpers/screen-compare';

const folder = mkdtempSync(join(tmpdir(), 'ccr-ctl-'));
const session = {
  schemaVersion: 1,
  id: 'ctl-test',
  folder,
  status: 'stopped',
  containerId: null,
} as unknown as SessionInfo;

const quiet = { info() {}, warn() {}, error() {} };

describe('TerminalController over the local transport', () => {
  const bus = new EventBus();
  const service = new TerminalService({
    bus,
    getSession: async () => session,
    getEngine: async () => {
      throw new Error('no engine');
    },
    hostShell: ['/bin/bash', '--norc', '--noprofile', '-i'],
    hostEnv: { PATH: process.env.PATH, HOME: folder, PS1: '$ ' },
    flow: { high: 64 * 1024, low: 16 * 1024, staleMs: 60_000 },
  });
  const api = createLocalApi(
    { handlers: terminalHandlers(service) as unknown as Handlers, bus },
    quiet as never,
  );
  afterAll(() => service.dispose());

  it('draws output, keeps the process flowing by acking, and a late viewer sees the same screen', async () => {
    const info = await api.openTerminal({
      sessionId: session.id,
      kind: 'host',
      cols: 80,
      rows: 24,
    });
    const a = new ViewerScreen(80, 24);
    const ca = new TerminalController(a.term, api, info.id, 'viewer-a');
    await ca.start();
    await api.writeTerminal({
      terminalId: info.id,
      data: 'seq 1 30000; printf "\\033[1;32mALL-DONE\\033[0m\\n"\r',
    });
    const until = async (check: () => boolean) => {
      for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
    };
    const text = async (v: ViewerScreen) => (await v.view()).lines.join('\n');
    const tail = () => {
      const buf = a.term.buffer.active;
      let out = '';
      for (let i = Math.max(0, buf.length - 6); i < buf.length; i++)
        out += buf.getLine(i)?.translateToString(true) + '\n';
      return out;
    };
    await until(() => tail().includes('ALL-DONE'));
    expect(await text(a)).toContain('30000\nALL-DONE');
    // ~170 KB went through: more than the high-water mark, so only acks kept it going.
    const b = new ViewerScreen(80, 24);
    const cb = new TerminalController(b.term, api, info.id, 'viewer-b');
    await cb.start();
    await new Promise((r) => setTimeout(r, 200));
    expect(await b.view()).toEqual(await a.view());

    // Viewer b resizes: the terminal follows it, and viewer a lays out for the same size.
    cb.resize(100, 30);
    await until(() => a.term.cols === 100);
    expect([a.term.cols, a.term.rows]).toEqual([100, 30]);
    expect(service.list(session.id)[0]).toMatchObject({ cols: 100, rows: 30 });

    ca.dispose();
    cb.dispose();
    await api.closeTerminal({ terminalId: info.id });
  });
});
