/**
 * The temporary build context of the default image: a copy of docker/ plus the configured CA
 * certificates as ccr-extra-ca/ccr-<fingerprint>.crt, one certificate per file.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaCertificate } from './ca-certs';

export const CA_CONTEXT_DIR = 'ccr-extra-ca';

export function caFileName(cert: CaCertificate): string {
  return `ccr-${cert.fingerprint.slice(0, 24)}.crt`;
}

export interface TempContext {
  dir: string;
  dispose(): Promise<void>;
}

export async function prepareDefaultContext(
  dockerDir: string,
  certs: readonly CaCertificate[],
): Promise<TempContext> {
  const dir = await mkdtemp(join(tmpdir(), 'ccr-image-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    await cp(dockerDir, dir, { recursive: true, verbatimSymlinks: true });
    await mkdir(join(dir, CA_CONTEXT_DIR), { recursive: true });
    for (const cert of certs) {
      await writeFile(join(dir, CA_CONTEXT_DIR, caFileName(cert)), cert.pem, { mode: 0o644 });
    }
  } catch (e) {
    await dispose();
    throw e;
  }
  return { dir, dispose };
}
