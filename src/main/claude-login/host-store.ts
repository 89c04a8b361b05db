/**
 * The host's one copy of the Claude login: the credentials file ($CLAUDE_CONFIG_DIR or
 * ~/.claude/.credentials.json) or, on macOS, the Keychain item Claude Code uses. Every write is
 * decided under a lock file after reading the store again, so two of our processes never
 * interleave, and a copy the host's own `claude` wrote meanwhile is seen before it is replaced.
 */
import { join } from 'node:path';
import { describeFailedRead, readHostFile } from '../credentials/host-readers';
import { withLoginLock, writeLoginFileAtomic } from './atomic-file';
import { KeychainLogin } from './keychain';
import { MAX_LOGIN_BYTES } from './login-text';

export type StoreRead =
  { state: 'ok'; text: string } | { state: 'missing' } | { state: 'unreadable'; why: string };

export interface HostLoginStore {
  readonly kind: 'file' | 'keychain';
  /** The file path or the Keychain item, for people. */
  readonly source: string;
  /** The file whose changes mean the login changed; null: the store is polled. */
  readonly watchPath: string | null;
  read(): Promise<StoreRead>;
  /**
   * Holding the lock: reads the store, asks `decide` for the new text (null: leave it), writes
   * it. Resolves with what was there and whether it was replaced.
   */
  update(
    decide: (current: StoreRead) => string | null,
  ): Promise<{ before: StoreRead; written: boolean }>;
}

/** Where the host copy a sync replaced is kept (0600, next to it). */
export function previousLoginPath(file: string): string {
  return `${file}.ccr-previous`;
}

export class FileLoginStore implements HostLoginStore {
  readonly kind = 'file';
  constructor(readonly path: string) {}

  get source(): string {
    return this.path;
  }

  get watchPath(): string {
    return this.path;
  }

  async read(): Promise<StoreRead> {
    const r = await readHostFile(this.path, MAX_LOGIN_BYTES);
    if (r.ok) return { state: 'ok', text: r.content.toString('utf8') };
    if (r.why === 'missing') return { state: 'missing' };
    return { state: 'unreadable', why: describeFailedRead(r.why) };
  }

  async update(decide: (current: StoreRead) => string | null) {
    // No login here: nothing is ever created from nothing, so no lock (nor ~/.claude) is made.
    const first = await this.read();
    if (first.state === 'missing' && decide(first) === null)
      return { before: first, written: false };
    return withLoginLock(this.path, async () => {
      const before = await this.read();
      const next = decide(before);
      if (next === null) return { before, written: false };
      // A session's copy replaces the host's on trust: keep the one it replaces, so a login a
      // hostile or broken agent wrote can be undone (docs/claude-code.md says how).
      if (before.state === 'ok' && before.text !== next) {
        await writeLoginFileAtomic(previousLoginPath(this.path), before.text);
      }
      await writeLoginFileAtomic(this.path, next);
      return { before, written: true };
    });
  }
}

export class KeychainLoginStore implements HostLoginStore {
  readonly kind = 'keychain';
  readonly watchPath = null;
  constructor(
    private readonly keychain: KeychainLogin,
    /** Our lock for the item: a file in the Claude folder (the Keychain has no such thing). */
    private readonly lockFile: string,
  ) {}

  get source(): string {
    return this.keychain.source;
  }

  async read(): Promise<StoreRead> {
    try {
      const v = await this.keychain.read();
      return v === null ? { state: 'missing' } : { state: 'ok', text: v };
    } catch {
      return { state: 'unreadable', why: 'the Keychain could not be read' };
    }
  }

  update(decide: (current: StoreRead) => string | null) {
    return withLoginLock(this.lockFile, async () => {
      const before = await this.read();
      const next = decide(before);
      if (next === null) return { before, written: false };
      await this.keychain.write(next);
      return { before, written: true };
    });
  }
}

export interface HostStoreOptions {
  claudeDir: string;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  securityPath?: string;
  /** The Keychain account (the user name Claude Code uses). */
  userName: string;
}

/** Where Claude Code keeps the login on this platform: the Keychain on macOS, else the file. */
export function hostLoginStore(o: HostStoreOptions): HostLoginStore {
  if (o.platform === 'darwin') {
    return new KeychainLoginStore(
      new KeychainLogin({
        account: o.userName,
        env: o.env,
        ...(o.securityPath ? { securityPath: o.securityPath } : {}),
      }),
      join(o.claudeDir, '.keychain-login'),
    );
  }
  return new FileLoginStore(join(o.claudeDir, '.credentials.json'));
}
