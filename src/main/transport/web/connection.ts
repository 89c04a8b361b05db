/**
 * One authenticated WebSocket client: parses each frame, hands it to the shared dispatch,
 * answers with a reply frame. A frame it cannot use gets an error reply (never a crash, never
 * a silent drop), and the connection stays usable.
 */
import type { RawData, WebSocket } from 'ws';
import { ClientFrame, type ReplyFrame, type ServerFrame } from '../../../shared/ws-protocol';
import type { Dispatch } from '../dispatch';
import { transportError } from '../errors';
import type { TransportLog } from '../log';

/** Calls one client may have running at once; more are refused with `busy`. */
const MAX_IN_FLIGHT = 64;
/** A client this far behind on reading is dropped (it reconnects and reloads state). */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/** Viewers one client may have attached at once (a page shows a few terminals). */
const MAX_VIEWERS = 256;

export class Connection {
  private inFlight = 0;
  /** viewerId → terminalId of the viewers this client attached (bounded). */
  private readonly viewers = new Map<string, string>();
  private readonly controller = new AbortController();

  constructor(
    private readonly socket: WebSocket,
    private readonly dispatch: Dispatch,
    private readonly log: TransportLog,
    private readonly label: string,
    /** The client takes terminal output as binary frames (ws-protocol's WS_BINARY_OUTPUT). */
    readonly binaryOutput = false,
  ) {
    socket.on('message', (data, isBinary) => {
      // onMessage answers every outcome itself; this only guards against a bug in it.
      this.onMessage(data, isBinary).catch((err: unknown) =>
        this.log.error(`ws ${label}: failed to handle a message`, err),
      );
    });
    socket.on('close', () => this.controller.abort());
    // ws reports protocol violations (bad UTF-8, oversized frames) here before closing.
    socket.on('error', (err) => this.log.warn(`ws ${label}: connection error: ${err.message}`));
  }

  send(frame: ServerFrame): void {
    let text: string;
    try {
      text = JSON.stringify(frame);
    } catch (err) {
      this.log.error(`ws ${this.label}: could not encode a frame`, err);
      return;
    }
    this.sendText(text);
  }

  /** An encoded frame (an event encoded once for every client). */
  sendText(text: string): void {
    if (this.canSend()) this.socket.send(text);
  }

  /** A binary terminal output frame (encoded once for every client). */
  sendBytes(bytes: Uint8Array): void {
    if (this.canSend()) this.socket.send(bytes, { binary: true });
  }

  private canSend(): boolean {
    if (this.socket.readyState !== this.socket.OPEN) return false;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.log.warn(`ws ${this.label}: client too slow, dropping it`);
      this.socket.terminate();
      return false;
    }
    return true;
  }

  /** Whether this client shows the terminal (has a viewer attached to it). */
  views(terminalId: string): boolean {
    for (const t of this.viewers.values()) if (t === terminalId) return true;
    return false;
  }

  private async onMessage(data: RawData, isBinary: boolean): Promise<void> {
    const bytes = size(data);
    if (isBinary)
      return this.refuse(null, 'bad-request', 'Binary frames are not accepted; send JSON text.');
    let json: unknown;
    try {
      json = JSON.parse(toText(data));
    } catch {
      return this.refuse(null, 'bad-request', 'The message is not valid JSON.');
    }
    const frame = ClientFrame.safeParse(json);
    if (!frame.success) {
      const id = idOf(json);
      return this.refuse(
        id,
        'bad-request',
        'The message is not a call: expected { id, method, params }.',
      );
    }
    const { id, method, params } = frame.data;
    if (this.inFlight >= MAX_IN_FLIGHT)
      return this.refuse(id, 'busy', 'Too many calls at once; wait for answers.');
    this.inFlight++;
    // Terminal output goes only to clients that show the terminal: attaching (from the moment it
    // is asked, so no output between the snapshot and the reply is missed) adds a viewer.
    const viewer =
      method === 'attachTerminal' || method === 'detachTerminal' ? viewerOf(params) : null;
    if (viewer && method === 'attachTerminal' && this.viewers.size < MAX_VIEWERS)
      this.viewers.set(viewer.viewerId, viewer.terminalId);
    if (viewer && method === 'detachTerminal') this.viewers.delete(viewer.viewerId);
    try {
      const reply = await this.dispatch(
        { method, input: params, bytes },
        { transport: 'ws', signal: this.controller.signal },
      );
      if (viewer && method === 'attachTerminal' && !reply.ok) this.viewers.delete(viewer.viewerId);
      this.send({ id, ...reply } as ReplyFrame);
    } finally {
      this.inFlight--;
    }
  }

  private refuse(
    id: number | null,
    code: 'bad-request' | 'too-large' | 'busy',
    message: string,
  ): void {
    this.log.warn(`ws ${this.label}: refused a message (${code})`);
    this.send({ id, ok: false, error: transportError(code, message) });
  }
}

/** The viewer named by an attach/detach call's params (validated again by the contract). */
function viewerOf(params: unknown): { terminalId: string; viewerId: string } | null {
  if (typeof params !== 'object' || params === null) return null;
  const { terminalId, viewerId } = params as Record<string, unknown>;
  if (typeof terminalId !== 'string' || typeof viewerId !== 'string') return null;
  if (terminalId.length > 200 || viewerId.length > 200) return null;
  return { terminalId, viewerId };
}

function size(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

function toText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

/** The id of a malformed call, if it has a usable one, so the client can fail that call. */
function idOf(json: unknown): number | null {
  if (typeof json !== 'object' || json === null) return null;
  const id = (json as { id?: unknown }).id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}
