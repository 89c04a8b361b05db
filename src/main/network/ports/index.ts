/**
 * Port preview: which TCP ports processes in a session's container listen on, and loopback
 * forwards to them on this computer. Nothing goes through the container's network (it may have
 * none): listing is one engine exec reading /proc, and each forwarded connection is one engine
 * exec that connects inside the container and pipes bytes. Forwards bind 127.0.0.1 only and
 * close when the session stops.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { AppError } from '../../../shared/errors';
import type { ForwardedPort, ListeningPort } from '../../../shared/schemas/network';
import type { SessionInfo } from '../../../shared/schemas/session';
import type { Engine } from '../../engine/types';
import { PROXY_PORT } from '../gateway/forwarder-script';
import { CONNECT_SCRIPT, LISTEN_SCRIPT } from './scripts';

export interface PortForwarderDeps {
  engineFor(session: SessionInfo): Promise<Engine>;
  /** A forwarded connection that failed (engine unreachable, nothing listens on the port…). */
  onError?(sessionId: string, port: number, error: unknown): void;
}

interface Forward {
  server: Server;
  hostPort: number;
  sockets: Set<Socket>;
}

const MAX_PORTS = 200;

/** "<port> <pid> <comm>" lines from the container: untrusted, bounded, controls removed. */
export function parseListening(text: string): ListeningPort[] {
  const ports: ListeningPort[] = [];
  for (const line of text.split('\n').slice(0, 2000)) {
    const m = /^(\d{1,5}) (\S*) ?(.*)$/.exec(line);
    if (!m) continue;
    const port = Number(m[1]);
    if (port < 1 || port > 65535 || port === PROXY_PORT) continue;
    // eslint-disable-next-line no-control-regex -- control characters are what it removes
    const name = (m[3] ?? '').replace(/[\u0000-\u001f\u007f-\u009f]/g, '').slice(0, 64);
    ports.push(name ? { port, process: name } : { port });
    if (ports.length >= MAX_PORTS) break;
  }
  return ports;
}

export class PortForwarder {
  private readonly forwards = new Map<string, Map<number, Forward>>();
  /** Bumped by close(): a forward still starting when its session/port was closed is dropped. */
  private readonly closedAt = new Map<string, number>();
  private closes = 0;

  constructor(private readonly deps: PortForwarderDeps) {}

  async list(session: SessionInfo): Promise<ListeningPort[]> {
    const engine = await this.deps.engineFor(session);
    const r = await engine.exec(session.containerId!, {
      cmd: ['perl', '-e', LISTEN_SCRIPT],
      ...(session.containerUser ? { user: session.containerUser } : {}),
    });
    if (r.exitCode !== 0) throw noPerl(r.exitCode, r.stderr.toString());
    const mine = this.forwards.get(session.id);
    return parseListening(r.stdout.toString('utf8').slice(0, 256 * 1024)).map((p) => {
      const f = mine?.get(p.port);
      return f ? { ...p, hostPort: f.hostPort } : p;
    });
  }

  async forward(session: SessionInfo, port: number): Promise<ForwardedPort> {
    const existing = this.forwards.get(session.id)?.get(port);
    if (existing) return forwarded(session.id, port, existing.hostPort);
    const started = this.closes;
    const engine = await this.deps.engineFor(session);
    const sockets = new Set<Socket>();
    // allowHalfOpen: a client that finishes sending (FIN) still gets the whole answer.
    const server = createServer({ allowHalfOpen: true }, (sock) => {
      sockets.add(sock);
      sock.once('close', () => sockets.delete(sock));
      void this.pipe(engine, session, port, sock);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    server.on('error', (e) => this.deps.onError?.(session.id, port, e));
    const hostPort = (server.address() as { port: number }).port;
    // Closed while starting (the session stopped): no listener may outlive that.
    if (this.closes !== started && this.closedSince(session.id, port, started)) {
      server.close();
      throw new AppError(
        'ports-unavailable',
        `port ${port} was closed while it was being forwarded`,
      );
    }
    const mine = this.forwards.get(session.id) ?? new Map<number, Forward>();
    this.forwards.set(session.id, mine);
    // Two calls at once: keep the first forward, close this one.
    const raced = mine.get(port);
    if (raced) {
      server.close();
      return forwarded(session.id, port, raced.hostPort);
    }
    mine.set(port, { server, hostPort, sockets });
    return forwarded(session.id, port, hostPort);
  }

  private closedSince(sessionId: string, port: number, started: number): boolean {
    const at = Math.max(
      this.closedAt.get(sessionId) ?? -1,
      this.closedAt.get(`${sessionId}:${port}`) ?? -1,
    );
    return at > started;
  }

  private async pipe(engine: Engine, session: SessionInfo, port: number, sock: Socket) {
    sock.pause();
    // A client that resets the connection must not become an uncaught 'error'.
    sock.on('error', () => sock.destroy());
    let exec;
    try {
      exec = await engine.execStream(session.containerId!, {
        cmd: ['perl', '-e', CONNECT_SCRIPT, String(port)],
        ...(session.containerUser ? { user: session.containerUser } : {}),
        tty: false,
        stdin: true,
      });
    } catch (e) {
      this.deps.onError?.(session.id, port, e);
      sock.destroy();
      return;
    }
    if (sock.destroyed) return exec.close();
    const stdin = exec.stdin!;
    // pipe() gives backpressure both ways; the client's FIN ends the exec's stdin, which the
    // connector turns into a shutdown of its socket (half-close), and the answer still flows.
    sock.pipe(stdin);
    exec.stdout.pipe(sock);
    let stderr = '';
    exec.stderr.on('data', (c: Buffer) => {
      if (stderr.length < 500) stderr += c.toString('utf8');
    });
    stdin.on('error', () => sock.destroy());
    sock.once('close', () => exec.close());
    // The connector exits once the server side closed: nothing more can come from the client.
    exec.stdout.once('end', () => {
      sock.end(() => sock.destroy());
      if (stderr.trim()) this.deps.onError?.(session.id, port, new Error(clean(stderr)));
    });
    sock.resume();
  }

  async close(sessionId: string, port?: number): Promise<void> {
    this.closedAt.set(port === undefined ? sessionId : `${sessionId}:${port}`, ++this.closes);
    // Only forwards starting right now look at this: old marks need not be kept forever.
    if (this.closedAt.size > 1000) this.closedAt.delete(this.closedAt.keys().next().value!);
    const mine = this.forwards.get(sessionId);
    if (!mine) return;
    for (const [p, f] of [...mine]) {
      if (port !== undefined && p !== port) continue;
      mine.delete(p);
      for (const s of f.sockets) s.destroy();
      await new Promise<void>((r) => f.server.close(() => r()));
    }
    if (mine.size === 0) this.forwards.delete(sessionId);
  }

  closeSession(sessionId: string): void {
    void this.close(sessionId);
  }

  dispose(): void {
    for (const id of [...this.forwards.keys()]) this.closeSession(id);
  }
}

// eslint-disable-next-line no-control-regex -- control characters are what it removes
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]+/g;

/** The connector's stderr, fit for a log line. */
function clean(text: string): string {
  return text.replace(CONTROLS, ' ').trim().slice(0, 200);
}

function forwarded(sessionId: string, port: number, hostPort: number): ForwardedPort {
  return { sessionId, port, hostPort, url: `http://127.0.0.1:${hostPort}/` };
}

function noPerl(code: number, stderr: string): AppError {
  if (code === 126 || code === 127 || /not found|executable file/i.test(stderr))
    return new AppError(
      'ports-unavailable',
      'listing ports needs perl in the container image, and this image has none',
      'use an image based on Debian or Ubuntu, or install perl in your image',
    );
  return new AppError(
    'ports-unavailable',
    `the ports could not be read (exit ${code}): ${stderr.trim().slice(0, 200)}`,
  );
}
