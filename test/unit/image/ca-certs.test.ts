import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import {
  CA_LABEL,
  caFilesForContainer,
  caSetId,
  CONTAINER_CA_BUNDLE,
  CONTAINER_CA_FILE,
  findHostTrustStore,
  readCaCertificates,
  splitPem,
} from '../../../src/main/image/ca-certs';
import { CA_CONTEXT_DIR, prepareDefaultContext } from '../../../src/main/image/context';

// Real certificates: Node's bundled public roots.
const [certA, certB] = tls.rootCertificates as [string, string];
/** Where Debian and Ubuntu keep the system's trusted roots (ca-certificates). */
const DEBIAN_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ccr-ca-test-'));
  temps.push(dir);
  return dir;
}
afterEach(async () => {
  for (const d of temps.splice(0)) await rm(d, { recursive: true, force: true });
});

async function expectAppError(p: Promise<unknown>, code: string, text: RegExp): Promise<void> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  expect((err as AppError).message).toMatch(text);
  expect((err as AppError).hint).toBeTruthy();
}

describe('reading extra CA certificates', () => {
  it('splits a bundle into single certificates and drops duplicates across files', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'bundle.pem'), `# proxy\n${certA}\n${certB}\r\n`);
    await writeFile(join(dir, 'again.crt'), certA);
    const certs = await readCaCertificates([join(dir, 'bundle.pem'), join(dir, 'again.crt')]);
    expect(certs).toHaveLength(2);
    expect(certs[0]!.pem.startsWith('-----BEGIN CERTIFICATE-----\n')).toBe(true);
    expect(certs[0]!.pem.endsWith('-----END CERTIFICATE-----\n')).toBe(true);
    expect(certs[1]!.pem).not.toContain('\r');
  });

  it('says which file is missing', async () => {
    await expectAppError(
      readCaCertificates(['/nonexistent/proxy-ca.pem']),
      'ca-certificate-invalid',
      /\/nonexistent\/proxy-ca\.pem/,
    );
  });

  it('rejects a file without PEM certificates (e.g. DER) with a hint to export PEM', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'proxy.der'), Buffer.from([0x30, 0x82, 0x01, 0x0a, 0x02]));
    await expectAppError(
      readCaCertificates([join(dir, 'proxy.der')]),
      'ca-certificate-invalid',
      /holds no PEM certificate/,
    );
  });

  it('rejects a damaged certificate and says which one', () => {
    const broken = certA.replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!!!!!!!!!!!!!!!!!');
    expect(() => splitPem(`${certB}\n${broken}`, 'corp.pem')).toThrow(
      /certificate 2 in corp\.pem cannot be parsed/,
    );
  });

  it('reads a whole system bundle: every public root, once, in its order', async () => {
    const dir = await tempDir();
    // As Debian's ca-certificates.crt: the roots back to back, some after a comment line.
    const bundle = tls.rootCertificates.map((c, i) => (i % 10 ? c : `# root ${i}\n${c}`));
    await writeFile(join(dir, 'ca-certificates.crt'), `${bundle.join('\n')}\n`);
    const host = await findHostTrustStore('linux', [
      join(dir, 'missing.pem'),
      join(dir, 'ca-certificates.crt'),
    ]);
    expect(host).toBe(join(dir, 'ca-certificates.crt'));
    const certs = await readCaCertificates([host!]);
    expect(certs.map((c) => c.pem)).toEqual(tls.rootCertificates.map((c) => `${c.trim()}\n`));
  });

  it.skipIf(!existsSync(DEBIAN_BUNDLE))('reads the bundle this Debian machine trusts', async () => {
    expect(await findHostTrustStore('linux')).toBe(DEBIAN_BUNDLE);
    expect((await readCaCertificates([DEBIAN_BUNDLE])).length).toBeGreaterThan(10);
  });
});

describe('findHostTrustStore', () => {
  it('returns the first existing candidate on Linux', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'b.pem'), certA);
    expect(await findHostTrustStore('linux', [join(dir, 'a.pem'), join(dir, 'b.pem')])).toBe(
      join(dir, 'b.pem'),
    );
  });
  it('offers nothing on macOS and Windows (their trust lives in the keychain / cert store)', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'b.pem'), certA);
    expect(await findHostTrustStore('darwin', [join(dir, 'b.pem')])).toBeNull();
    expect(await findHostTrustStore('win32', [join(dir, 'b.pem')])).toBeNull();
  });
});

describe('caFilesForContainer', () => {
  it('is empty when no certificates are configured', async () => {
    expect(await caFilesForContainer({ extraCaCertificates: [] })).toEqual({ files: [], env: {} });
  });

  it('gives the certificates and a full bundle plus the variables that point Node, npm, pip and git at them', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'proxy.pem'), certA);
    const plan = await caFilesForContainer({ extraCaCertificates: [join(dir, 'proxy.pem')] });
    const extra = plan.files.find((f) => f.containerPath === CONTAINER_CA_FILE);
    const bundle = plan.files.find((f) => f.containerPath === CONTAINER_CA_BUNDLE);
    expect(extra?.content.toString()).toBe(`${certA.trim()}\n`);
    // Tools whose CA setting replaces their list still need the public roots.
    expect(bundle?.content.toString().match(/BEGIN CERTIFICATE/g)?.length).toBe(
      tls.rootCertificates.length + 1,
    );
    expect(plan.env).toMatchObject({
      NODE_EXTRA_CA_CERTS: CONTAINER_CA_FILE,
      NPM_CONFIG_CAFILE: CONTAINER_CA_BUNDLE,
      PIP_CERT: CONTAINER_CA_BUNDLE,
      REQUESTS_CA_BUNDLE: CONTAINER_CA_BUNDLE,
      GIT_SSL_CAINFO: CONTAINER_CA_BUNDLE,
    });
  });

  it('is empty for an image that was built with exactly these certificates', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'proxy.pem'), certA);
    const certs = await readCaCertificates([join(dir, 'proxy.pem')]);
    const cfg = { extraCaCertificates: [join(dir, 'proxy.pem')] };
    expect((await caFilesForContainer(cfg, { [CA_LABEL]: caSetId(certs) })).files).toEqual([]);
    expect((await caFilesForContainer(cfg, { [CA_LABEL]: 'other' })).files).toHaveLength(2);
  });
});

describe('the default build context', () => {
  it('is a copy of docker/ with one .crt per certificate, removed afterwards', async () => {
    const src = await tempDir();
    await writeFile(join(src, 'Dockerfile'), 'FROM scratch\n');
    const dir = await tempDir();
    await writeFile(join(dir, 'two.pem'), certA + certB);
    const certs = await readCaCertificates([join(dir, 'two.pem')]);
    const ctx = await prepareDefaultContext(src, certs);
    const files = (await readdir(join(ctx.dir, CA_CONTEXT_DIR))).sort();
    expect(files).toHaveLength(2);
    expect(files.every((f) => /^ccr-[0-9a-f]{24}\.crt$/.test(f))).toBe(true);
    expect(await readFile(join(ctx.dir, 'Dockerfile'), 'utf8')).toBe('FROM scratch\n');
    await ctx.dispose();
    await expect(readdir(ctx.dir)).rejects.toThrow();
  });
});
