/**
 * A bounded log file per session (dataDir/sessions/logs/<id>.log): the start-up progress, the
 * setup commands' output and the import/push errors, as the bus carried them. The events are
 * gone once the process that emitted them exits; `claude-run logs` (any process, later) reads
 * this file. Each file is capped: past the cap it is rotated to <id>.log.1 (one generation),
 * so a chatty setup command costs at most twice the cap per session.
 */
import { appendFile, mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventName, EventPayload } from '../../shared/contract';
import { SessionId } from '../../shared/schemas/session';
import type { EventBus } from '../events';

export const SESSION_LOG_MAX_BYTES = 256 * 1024;
/** Log files kept at most (the newest); older ones are pruned when a core starts. */
export const SESSION_LOGS_KEPT = 200;

export function sessionLogDir(dataDir: string): string {
  return join(dataDir, 'sessions', 'logs');
}

/** The log file of a session, or null when the id is not a session id (it names a path). */
export function sessionLogPath(dataDir: string, sessionId: string): string | null {
  if (!SessionId.safeParse(sessionId).success) return null;
  return join(sessionLogDir(dataDir), `${sessionId}.log`);
}

/** One event as the lines it adds to its session's log, or null when it adds none. */
export function logLine<E extends EventName>(name: E, payload: EventPayload<E>): string | null {
  const stamp = () => new Date().toISOString().slice(11, 19);
  switch (name) {
    case 'sessionProgress': {
      const p = payload as EventPayload<'sessionProgress'>;
      // Byte counts of a pull or a copy: only the step's end, not every tick.
      if (p.current !== undefined && p.current !== p.total) return null;
      return `${stamp()} [${p.phase}] ${p.message}\n`;
    }
    case 'sessionLog': {
      const p = payload as EventPayload<'sessionLog'>;
      return p.text;
    }
    case 'commitError': {
      const p = payload as EventPayload<'commitError'>;
      const hint = p.hint ? `\n${stamp()} [${p.step}] hint: ${p.hint}` : '';
      return `${stamp()} [${p.step}] error: ${p.message}${hint}\n`;
    }
    case 'sessionStatus': {
      const p = payload as EventPayload<'sessionStatus'>;
      if (p.status !== 'failed' || !p.error) return null;
      const hint = p.error.hint ? ` (${p.error.hint})` : '';
      return `${stamp()} [failed] ${p.error.message}${hint}\n`;
    }
    default:
      return null;
  }
}

function sessionOf(payload: unknown): string | null {
  const p = payload as { sessionId?: unknown; id?: unknown };
  const id = typeof p.sessionId === 'string' ? p.sessionId : p.id;
  return typeof id === 'string' ? id : null;
}

export interface SessionLogRecorder {
  /** Resolves once everything emitted so far is on disk. */
  flush(): Promise<void>;
  dispose(): void;
}

export function recordSessionLogs(
  bus: EventBus,
  dataDir: string,
  opts: { maxBytes?: number; onError?: (e: unknown) => void } = {},
): SessionLogRecorder {
  const maxBytes = opts.maxBytes ?? SESSION_LOG_MAX_BYTES;
  const dir = sessionLogDir(dataDir);
  // One write chain per process keeps each session's lines in emission order.
  let chain: Promise<void> = mkdir(dir, { recursive: true, mode: 0o700 })
    .then(() => pruneOld(dir))
    .catch(() => undefined);
  const write = async (file: string, text: string) => {
    const size = await stat(file).then(
      (s) => s.size,
      () => 0,
    );
    if (size > 0 && size + Buffer.byteLength(text) > maxBytes) {
      await rename(file, `${file}.1`);
    }
    // A single line longer than the cap keeps its end (the error is usually last).
    const bytes = Buffer.from(text);
    const body = bytes.length > maxBytes ? bytes.subarray(bytes.length - maxBytes) : bytes;
    await appendFile(file, body, { mode: 0o600 });
  };
  // A failed record is re-emitted (reconcile, stop): its error is logged once.
  const failedSeen = new Map<string, string>();
  const off = bus.subscribe((name, payload) => {
    const line = logLine(name, payload);
    const id = line ? sessionOf(payload) : null;
    const file = id ? sessionLogPath(dataDir, id) : null;
    if (!line || !id || !file) return;
    if (name === 'sessionStatus') {
      const error = (payload as EventPayload<'sessionStatus'>).error?.message ?? '';
      if (failedSeen.get(id) === error) return;
      failedSeen.set(id, error);
    }
    chain = chain.then(() => write(file, line)).catch((e: unknown) => opts.onError?.(e));
  });
  return {
    flush: () => chain,
    dispose: off,
  };
}

/**
 * The last `lines` lines of a session's log (rotated part included; -1: all), or null when
 * there is none.
 */
export async function readSessionLog(
  dataDir: string,
  sessionId: string,
  lines: number,
): Promise<string | null> {
  const file = sessionLogPath(dataDir, sessionId);
  if (!file) return null;
  const read = (f: string) => readFile(f, 'utf8').catch(() => null);
  const [old, current] = await Promise.all([read(`${file}.1`), read(file)]);
  if (old === null && current === null) return null;
  const text = (old ?? '') + (current ?? '');
  if (lines < 0) return text;
  const all = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  return lines === 0 ? '' : `${all.slice(-lines).join('\n')}\n`;
}

async function pruneOld(dir: string): Promise<void> {
  const names = (await readdir(dir)).filter((n) => /\.log(\.1)?$/.test(n));
  if (names.length <= SESSION_LOGS_KEPT) return;
  const dated = await Promise.all(
    names.map(async (n) => ({ n, t: (await stat(join(dir, n)).catch(() => null))?.mtimeMs ?? 0 })),
  );
  dated.sort((a, b) => b.t - a.t);
  for (const { n } of dated.slice(SESSION_LOGS_KEPT)) {
    await rm(join(dir, n), { force: true });
  }
}
