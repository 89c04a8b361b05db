/**
 * The transports' logger. Lines say what was refused and why; they never carry payloads,
 * tokens or other secrets (a refused message is described by its size and kind only).
 */
export interface TransportLog {
  warn(message: string): void;
  error(message: string, err?: unknown): void;
}

export const consoleLog: TransportLog = {
  warn: (message) => console.warn(`[ccr] ${message}`),
  error: (message, err) => console.error(`[ccr] ${message}`, err ?? ''),
};

export const silentLog: TransportLog = { warn: () => {}, error: () => {} };
