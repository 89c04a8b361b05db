/**
 * The app's half of one session's egress gateway: runs the forwarder in the container through
 * an engine exec, answers each connection it carries (policy check, then the app dials out
 * itself) and pipes the bytes with per-connection flow control, so one slow download never
 * stalls the others and memory stays bounded by WINDOW per connection.
 */
import { connect, isIP, type Socket } from 'node:net';
import { AppError } from '../../../shared/errors';
import type { DeniedAttempt } from '../../../shared/schemas/network';
import type { Engine, ExecStream } from '../../engine/types';
import { FORWARDER_SCRIPT, FRAME, PROXY_PORT, WINDOW } from './forwarder-script';
import { FrameDecoder, encodeFrame, u32, type Frame } from './frames';
import { gatewayResponse, parseProxyHead, type ProxyRequest } from './proxy-request';
import { isPrivateAddress } from './addresses';
import { bypasses, connectThrough, type UpstreamProxy } from './upstream';

export type Verdict = 'allow' | 'not-allowed';

export interface Resolved {
  address: string;
  /** Named by the user (an IP literal, a test's host map): private addresses are fine. */
  explicit: boolean;
}

export interface GatewayOptions {
  engine: Engine;
  containerId: string;
  /** The container's agent user: the forwarder finds the processes behind denied attempts. */
  user?: string;
  /** Asked for every connection (the session's allow answers change while it runs). */
  decide(host: string, port: number): Verdict | Promise<Verdict>;
  resolve(host: string): Promise<Resolved>;
  onDenied(attempt: DeniedAttempt): void;
  port?: number;
  /** This computer's own proxy (company networks): allowed connections tunnel through it. */
  upstream?: UpstreamProxy | null;
}

interface Channel {
  id: number;
  peerPort: number;
  phase: 'head' | 'dialing' | 'open' | 'closed';
  head: Buffer;
  /** Client bytes that arrived while dialing (acknowledged once passed on). */
  early: Buffer[];
  clientEnded: boolean;
  upstream?: Socket;
  /** Bytes sent to the container not yet acknowledged by the forwarder. */
  unacked: number;
}

const CHUNK = 262144;

export class Gateway {
  private readonly channels = new Map<number, Channel>();
  private readonly decoder = new FrameDecoder();
  private readonly whoWaiters = new Map<number, (text: string) => void>();
  private congested = false;
  private stopped = false;
  readonly closed: Promise<void>;
  private resolveClosed!: () => void;

  private constructor(
    private readonly opts: GatewayOptions,
    private readonly exec: ExecStream,
  ) {
    this.closed = new Promise((r) => (this.resolveClosed = r));
  }

  /**
   * Starts the forwarder; resolves once it listens. Rejects with 'network-gateway-busy' when
   * another process already serves this container, 'network-gateway-unavailable' when the
   * image cannot run it.
   */
  static async start(opts: GatewayOptions): Promise<Gateway> {
    const port = opts.port ?? PROXY_PORT;
    const exec = await opts.engine.execStream(opts.containerId, {
      cmd: ['perl', '-e', FORWARDER_SCRIPT, String(port)],
      ...(opts.user ? { user: opts.user } : {}),
      tty: false,
      stdin: true,
    });
    const gw = new Gateway(opts, exec);
    await gw.run();
    return gw;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const ch of this.channels.values()) ch.upstream?.destroy();
    this.channels.clear();
    this.exec.close();
    this.resolveClosed();
  }

  private run(): Promise<void> {
    const stderr: Buffer[] = [];
    this.exec.stderr.on('data', (c: Buffer) => {
      if (stderr.length < 16) stderr.push(c);
    });
    return new Promise<void>((ready, fail) => {
      let started = false;
      const onFrame = (f: Frame) => {
        if (!started) {
          if (f.type === FRAME.READY) {
            started = true;
            ready();
            return;
          }
          started = true;
          const why = f.payload.toString('utf8').slice(0, 300);
          fail(
            /in use/i.test(why)
              ? new AppError('network-gateway-busy', `the gateway port is in use: ${why}`)
              : new AppError('network-gateway-unavailable', `the gateway could not start: ${why}`),
          );
          return;
        }
        this.onFrame(f);
      };
      this.exec.stdout.on('data', (chunk: Buffer) => {
        if (this.stopped) return;
        let frames: Frame[];
        try {
          frames = this.decoder.push(chunk);
        } catch {
          this.stop();
          return;
        }
        for (const f of frames) onFrame(f);
      });
      this.exec.stdout.once('end', () => {
        if (!started) {
          started = true;
          void this.exec
            .wait()
            .catch(() => -1)
            .then((code) => fail(notRunnable(code, Buffer.concat(stderr).toString('utf8'))));
        }
        this.stop();
      });
      this.exec.stdin?.on('drain', () => this.onDrain());
      this.exec.stdin?.on('error', () => this.stop());
    });
  }

  private send(type: number, channel: number, payload?: Buffer | string): void {
    if (this.stopped || !this.exec.stdin) return;
    if (!this.exec.stdin.write(encodeFrame(type, channel, payload))) this.congested = true;
  }

  private onDrain(): void {
    this.congested = false;
    for (const ch of this.channels.values()) this.maybeResume(ch);
  }

  private maybeResume(ch: Channel): void {
    if (ch.upstream?.isPaused() && !this.congested && ch.unacked < WINDOW) ch.upstream.resume();
  }

  private onFrame(f: Frame): void {
    const ch = this.channels.get(f.channel);
    switch (f.type) {
      case FRAME.OPEN: {
        const peerPort = Number(f.payload.toString('latin1'));
        this.channels.set(f.channel, {
          id: f.channel,
          peerPort: Number.isInteger(peerPort) ? peerPort : 0,
          phase: 'head',
          head: Buffer.alloc(0),
          early: [],
          clientEnded: false,
          unacked: 0,
        });
        return;
      }
      case FRAME.DATA:
        if (ch) this.onClientData(ch, f.payload);
        return;
      case FRAME.EOF:
        if (!ch) return;
        ch.clientEnded = true;
        if (ch.phase === 'open') ch.upstream?.end();
        return;
      case FRAME.CLOSE:
        if (!ch) return;
        ch.phase = 'closed';
        ch.upstream?.destroy();
        this.channels.delete(ch.id);
        return;
      case FRAME.ACK:
        if (!ch || f.payload.length !== 4) return;
        ch.unacked = Math.max(0, ch.unacked - f.payload.readUInt32BE(0));
        this.maybeResume(ch);
        return;
      case FRAME.WHO_IS: {
        const w = this.whoWaiters.get(f.channel);
        this.whoWaiters.delete(f.channel);
        w?.(f.payload.toString('utf8'));
        return;
      }
    }
  }

  private onClientData(ch: Channel, data: Buffer): void {
    if (ch.phase === 'open' && ch.upstream) {
      ch.upstream.write(data, () => this.send(FRAME.ACK, ch.id, u32(data.length)));
      return;
    }
    if (ch.phase === 'dialing') {
      ch.early.push(data);
      return;
    }
    if (ch.phase !== 'head') return;
    // The head is bounded by the parser; acknowledge at once so the client can finish it.
    this.send(FRAME.ACK, ch.id, u32(data.length));
    ch.head = Buffer.concat([ch.head, data]);
    const parsed = parseProxyHead(ch.head);
    if (!parsed.done) return;
    if ('error' in parsed) {
      this.deny(ch, parsed.host ?? '', parsed.port ?? 0, 'bad-request', 400, parsed.error);
      return;
    }
    ch.head = Buffer.alloc(0);
    void this.open(ch, parsed.request, parsed.rest);
  }

  private async open(ch: Channel, req: ProxyRequest, rest: Buffer): Promise<void> {
    const { host, port } = req;
    ch.phase = 'dialing';
    if (rest.length) ch.early.push(rest);
    const verdict = await Promise.resolve(this.opts.decide(host, port)).catch(
      () => 'not-allowed' as const,
    );
    if (ch.phase !== 'dialing') return;
    if (verdict !== 'allow') {
      this.deny(
        ch,
        host,
        port,
        'not-allowed',
        403,
        `${host}:${port} is not on this session's network allowlist. ` +
          'Allow it in the session panel, or add it to "network.allow" in your config.',
      );
      return;
    }
    const via = this.opts.upstream;
    if (via && !bypasses(via, host)) {
      // Your proxy resolves and connects; the allowlist was checked on the name above.
      connectThrough(via, host, port).then(
        (up) => this.attach(ch, req, up, true),
        (e: Error) => {
          if (ch.phase === 'dialing') this.refuse(ch, 502, 'Bad Gateway', e.message);
        },
      );
      return;
    }
    let target: Resolved;
    try {
      target = await this.opts.resolve(host);
    } catch {
      this.refuse(ch, 502, 'Bad Gateway', `${host} could not be resolved`);
      return;
    }
    if (ch.phase !== 'dialing') return;
    if (!target.explicit && isIP(host) === 0 && isPrivateAddress(target.address)) {
      this.deny(
        ch,
        host,
        port,
        'private-address',
        403,
        `${host} resolves to ${target.address}, a private or local address; name the address ` +
          'itself in the allowlist to reach it.',
      );
      return;
    }
    this.attach(ch, req, connect({ host: target.address, port }), false);
  }

  /** Pipes a channel and its upstream socket both ways once the socket is connected. */
  private attach(ch: Channel, req: ProxyRequest, up: Socket, connected: boolean): void {
    const { host, port } = req;
    if (ch.phase !== 'dialing') {
      up.destroy();
      return;
    }
    ch.upstream = up;
    up.setNoDelay(true);
    const onConnect = () => {
      if (ch.phase !== 'dialing') return up.destroy();
      ch.phase = 'open';
      if (req.kind === 'connect')
        this.sendData(ch, Buffer.from('HTTP/1.1 200 Connection established\r\n\r\n'));
      else up.write(req.head);
      for (const b of ch.early) up.write(b, () => this.send(FRAME.ACK, ch.id, u32(b.length)));
      ch.early = [];
      if (ch.clientEnded) up.end();
    };
    if (connected) onConnect();
    else up.once('connect', onConnect);
    up.on('data', (d: Buffer) => {
      this.sendData(ch, d);
      if (ch.unacked >= WINDOW || this.congested) up.pause();
    });
    up.once('end', () => this.send(FRAME.EOF, ch.id));
    up.once('error', (e: Error) => {
      if (ch.phase === 'dialing')
        this.refuse(ch, 502, 'Bad Gateway', `${host}:${port} did not answer: ${e.message}`);
    });
    up.once('close', () => {
      if (ch.phase === 'closed') return;
      ch.phase = 'closed';
      this.send(FRAME.CLOSE, ch.id);
      this.channels.delete(ch.id);
    });
  }

  private sendData(ch: Channel, data: Buffer): void {
    for (let at = 0; at < data.length; at += CHUNK) {
      const piece = data.subarray(at, at + CHUNK);
      ch.unacked += piece.length;
      this.send(FRAME.DATA, ch.id, piece);
    }
  }

  private refuse(ch: Channel, status: number, reason: string, text: string): void {
    this.sendData(ch, gatewayResponse(status, reason, text));
    this.send(FRAME.EOF, ch.id);
    this.send(FRAME.CLOSE, ch.id);
    ch.phase = 'closed';
    ch.upstream?.destroy();
    this.channels.delete(ch.id);
  }

  private deny(
    ch: Channel,
    host: string,
    port: number,
    reason: DeniedAttempt['reason'],
    status: number,
    text: string,
  ): void {
    const at = new Date().toISOString();
    // Asked before the refusal: the forwarder answers in order, while the client still holds
    // its end of the connection.
    const proc = this.who(ch.id, ch.peerPort);
    this.refuse(ch, status, status === 403 ? 'Forbidden' : 'Bad Request', text);
    void proc.then((proc) => {
      this.opts.onDenied({
        at,
        host: host.slice(0, 253),
        port,
        reason,
        ...(proc ? { process: proc } : {}),
      });
    });
  }

  /** The process behind a connection, asked of the forwarder; '' when it cannot tell soon. */
  private who(channel: number, peerPort: number): Promise<string> {
    if (!peerPort || this.stopped) return Promise.resolve('');
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.whoWaiters.delete(channel);
        resolve('');
      }, 1000);
      this.whoWaiters.set(channel, (text) => {
        clearTimeout(timer);
        // "<pid> <comm>" from the container: untrusted, shown in the UI.
        // eslint-disable-next-line no-control-regex -- control characters are what it keeps out
        const m = /^(\d{1,10}) ([^\0-\x1f\x7f]{0,64})/.exec(text);
        resolve(m ? `${m[2] || '?'} (pid ${m[1]})` : '');
      });
      this.send(FRAME.WHO, channel, String(peerPort));
    });
  }
}

function notRunnable(code: number, stderr: string): AppError {
  const text = stderr.trim().slice(0, 300);
  if (code === 126 || code === 127 || /not found|no such file|executable file/i.test(text)) {
    return new AppError(
      'network-gateway-unavailable',
      'allowlist networking needs perl in the container image, and this image has none',
      'use an image based on Debian or Ubuntu (they all have perl), install perl in your ' +
        'image, or set "network" to "default" for this project',
    );
  }
  return new AppError(
    'network-gateway-unavailable',
    `the network gateway stopped before it listened (exit ${code})${text ? `: ${text}` : ''}`,
  );
}
