import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../src/main/events';
import { createTerminalService } from '../../../src/main/terminals';
import type { SessionInfo } from '../../../src/shared/schemas/session';

describe('terminal scrollback from the config', () => {
  it("uses the session folder's terminalScrollback, and the default when the config is broken", async () => {
    const home = mkdtempSync(join(tmpdir(), 'ccr-home-'));
    const good = mkdtempSync(join(tmpdir(), 'ccr-proj-'));
    const broken = mkdtempSync(join(tmpdir(), 'ccr-proj-'));
    writeFileSync(
      join(good, 'claude-run.config.json'),
      JSON.stringify({ terminalScrollback: 123 }),
    );
    writeFileSync(join(broken, 'claude-run.config.json'), '{ not json');
    const sessions: Record<string, SessionInfo> = {
      good: { id: 'good', folder: good, status: 'stopped' } as SessionInfo,
      broken: { id: 'broken', folder: broken, status: 'stopped' } as SessionInfo,
    };
    const service = createTerminalService({
      bus: new EventBus(),
      getSession: async (id) => sessions[id],
      env: { PATH: process.env.PATH, HOME: home },
      homeDir: home,
      hostShell: ['/bin/sh'],
      hostEnv: { PATH: process.env.PATH, HOME: home },
    });
    try {
      const a = await service.open({ sessionId: 'good', kind: 'host', cols: 80, rows: 24 });
      const b = await service.open({ sessionId: 'broken', kind: 'host', cols: 80, rows: 24 });
      expect((await service.attach(a.id, 'v')).scrollback).toBe(123);
      expect((await service.attach(b.id, 'v')).scrollback).toBe(10_000);
    } finally {
      service.dispose();
    }
  });
});
