/**
 * The per-session log file the core keeps from its bus (what `claude-run logs` prints): lines
 * in order, bounded by the cap with one rotated generation, never outside the logs folder.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  readSessionLog,
  recordSessionLogs,
  sessionLogDir,
  sessionLogPath,
} from '../../../src/main/app/session-log';
import { EventBus } from '../../../src/main/events';

const ID = 'a1b2c3d4e5f6';

describe('session log file', () => {
  it('records progress, setup output, import errors and the failure, in order', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ccr-slog-'));
    const bus = new EventBus();
    const rec = recordSessionLogs(bus, dataDir);
    bus.emit('sessionProgress', { sessionId: ID, phase: 'setup', message: 'running setup' });
    // Byte counts: only the end of the step is worth a line.
    bus.emit('sessionProgress', {
      sessionId: ID,
      phase: 'image',
      message: 'pulling',
      current: 1,
      total: 9,
    });
    bus.emit('sessionLog', { sessionId: ID, stream: 'system', text: '$ npm ci\n' });
    bus.emit('sessionLog', { sessionId: ID, stream: 'stderr', text: 'npm ERR! missing\n' });
    bus.emit('commitError', {
      sessionId: ID,
      step: 'import',
      code: 'import-failed',
      message: 'the commit could not be imported',
      hint: 'look at the branch',
    });
    await rec.flush();
    rec.dispose();
    const text = await readSessionLog(dataDir, ID, -1);
    expect(text).not.toContain('pulling');
    const lines = text!.trimEnd().split('\n');
    expect(lines.map((l) => l.replace(/^\d\d:\d\d:\d\d /, ''))).toEqual([
      '[setup] running setup',
      '$ npm ci',
      'npm ERR! missing',
      '[import] error: the commit could not be imported',
      '[import] hint: look at the branch',
    ]);
    expect(statSync(sessionLogPath(dataDir, ID)!).mode & 0o777).toBe(0o600);
    expect(await readSessionLog(dataDir, ID, 2)).toMatch(
      /^\S+ \[import\] error:.*\n\S+ \[import\] hint:.*\n$/,
    );
  });

  it('stays within twice the cap, keeping the newest lines', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ccr-slog-'));
    const bus = new EventBus();
    const rec = recordSessionLogs(bus, dataDir, { maxBytes: 1000 });
    for (let i = 0; i < 500; i++) {
      bus.emit('sessionLog', { sessionId: ID, stream: 'stdout', text: `line ${i}\n` });
    }
    await rec.flush();
    const files = readdirSync(sessionLogDir(dataDir));
    expect(files.sort()).toEqual([`${ID}.log`, `${ID}.log.1`]);
    const total = files.reduce((n, f) => n + statSync(join(sessionLogDir(dataDir), f)).size, 0);
    expect(total).toBeLessThanOrEqual(2000);
    const text = (await readSessionLog(dataDir, ID, -1))!;
    expect(text.endsWith('line 499\n')).toBe(true);
    expect(text).not.toContain('line 0\n');
  });

  it('writes nothing for an id that is not a session id', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ccr-slog-'));
    const bus = new EventBus();
    const rec = recordSessionLogs(bus, dataDir);
    bus.emit('sessionLog', { sessionId: '../../evil', stream: 'stdout', text: 'x\n' });
    await rec.flush();
    expect(readdirSync(sessionLogDir(dataDir))).toEqual([]);
    expect(sessionLogPath(dataDir, '../x')).toBeNull();
    expect(await readSessionLog(dataDir, '../x', -1)).toBeNull();
    expect(() => readFileSync(join(dataDir, 'evil.log'))).toThrow();
  });
});
