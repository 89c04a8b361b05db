/**
 * The macOS Keychain item Claude Code keeps its login in ("Claude Code-credentials", account =
 * the user name), through the `security` tool with argument arrays. Reading prints the secret on
 * stdout (`-w`). Writing never puts the secret in an argument (other users' `ps` would see it):
 * `security -i` reads the command from stdin, and the secret goes as hex (`-X`), so it needs no
 * quoting in that command line.
 *
 * Tested only with a stand-in `security` script (test/unit/claude-login); untested on a real Mac.
 */
import { spawn } from 'node:child_process';
import { KEYCHAIN_SERVICE } from '../credentials';
import { MAX_LOGIN_BYTES } from './login-text';

export interface KeychainOptions {
  /** The `security` program (a stand-in in tests). */
  securityPath?: string;
  /** The Keychain account name; Claude Code uses the user name. */
  account: string;
  env: NodeJS.ProcessEnv;
  /** macOS may ask the user to allow access: leave time to answer. */
  timeoutMs?: number;
}

interface Run {
  code: number | null;
  stdout: string;
}

function run(
  file: string,
  args: string[],
  opts: { env: NodeJS.ProcessEnv; stdin?: string; timeoutMs: number },
): Promise<Run> {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(file, args, {
        env: opts.env,
        stdio: ['pipe', 'pipe', 'ignore'],
        windowsHide: true,
      });
    } catch {
      resolve({ code: null, stdout: '' });
      return;
    }
    let out = '';
    let tooLong = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      if (out.length + d.length > MAX_LOGIN_BYTES * 2) tooLong = true;
      else out += d;
    });
    child.on('error', () => {
      clearTimeout(timer);
      resolve({ code: null, stdout: '' });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: tooLong ? null : code, stdout: tooLong ? '' : out });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.stdin ?? '');
  });
}

/** A name `security -i` can take in double quotes without escapes. */
function quotable(s: string): boolean {
  return s !== '' && !/["\\\r\n\0]/.test(s);
}

export class KeychainLogin {
  constructor(private readonly o: KeychainOptions) {}

  get source(): string {
    return `macOS Keychain item "${KEYCHAIN_SERVICE}"`;
  }

  private get program(): string {
    return this.o.securityPath ?? 'security';
  }

  /** The item's secret, null when there is none (or access was refused). */
  async read(): Promise<string | null> {
    const r = await run(this.program, ['find-generic-password', '-s', KEYCHAIN_SERVICE, '-w'], {
      env: this.o.env,
      timeoutMs: this.o.timeoutMs ?? 60_000,
    });
    const value = r.stdout.replace(/\r?\n$/, '');
    return r.code === 0 && value !== '' ? value : null;
  }

  /** Replaces (-U) the item's secret. Throws with a reason that never holds the secret. */
  async write(secret: string): Promise<void> {
    if (!quotable(this.o.account)) {
      throw new Error(
        'the user name cannot be passed to `security -i`; the Keychain is not written',
      );
    }
    const hex = Buffer.from(secret, 'utf8').toString('hex');
    const line = `add-generic-password -U -a "${this.o.account}" -s "${KEYCHAIN_SERVICE}" -X ${hex}\n`;
    const r = await run(this.program, ['-i'], {
      env: this.o.env,
      stdin: line,
      timeoutMs: this.o.timeoutMs ?? 60_000,
    });
    if (r.code !== 0)
      throw new Error(`security could not write the Keychain item (exit ${r.code ?? 'none'})`);
  }
}
