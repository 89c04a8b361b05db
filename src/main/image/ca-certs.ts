/**
 * Extra CA certificates (config `extraCaCertificates`): for TLS-inspecting proxies that re-sign
 * traffic with their own authority. Files are read and checked here, split into one PEM
 * certificate each (Debian's update-ca-certificates expects one per .crt file), and handed to
 * image builds (ccr-extra-ca/ in the build context) and to containers of images that were not
 * built with them (caFilesForContainer).
 */
import { createHash, X509Certificate } from 'node:crypto';
import { stat } from 'node:fs/promises';
import tls from 'node:tls';
import { AppError } from '../../shared/errors';
import { readRegularText } from '../config/safe-read';

export interface CaCertificate {
  /** The config path it came from (for messages). */
  source: string;
  /** One PEM certificate, normalized line endings, ending in a newline. */
  pem: string;
  /** sha256 of the PEM, hex; names the file so equal certificates collapse. */
  fingerprint: string;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----\r?\n[\s\S]*?\r?\n-----END CERTIFICATE-----/g;
/** A trust-store bundle is a few hundred KB; anything far larger is not a certificate file. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** Splits a PEM text into its certificates; throws when it holds none or a broken one. */
export function splitPem(text: string, source: string): CaCertificate[] {
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) {
    throw new AppError(
      'ca-certificate-invalid',
      `${source} holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" block)`,
      'export the proxy CA as PEM (base64 text), not DER, and point extraCaCertificates at it',
    );
  }
  return blocks.map((block, i) => {
    const pem = `${block.replace(/\r\n/g, '\n')}\n`;
    try {
      new X509Certificate(pem);
    } catch {
      throw new AppError(
        'ca-certificate-invalid',
        `certificate ${i + 1} in ${source} cannot be parsed`,
        'check that the file is an intact PEM certificate (re-export it from the proxy or your OS)',
      );
    }
    return { source, pem, fingerprint: createHash('sha256').update(pem).digest('hex') };
  });
}

/** Reads every configured file, in order, without duplicates. */
export async function readCaCertificates(paths: readonly string[]): Promise<CaCertificate[]> {
  const out: CaCertificate[] = [];
  const seen = new Set<string>();
  for (const path of paths) {
    const read = await readRegularText(path, { maxBytes: MAX_FILE_BYTES });
    if (!read.ok) {
      throw new AppError(
        'ca-certificate-invalid',
        `cannot read the CA certificate file: ${read.message}`,
        'fix the path in extraCaCertificates (paths are relative to the config file that sets them)',
      );
    }
    for (const cert of splitPem(read.text, path)) {
      if (seen.has(cert.fingerprint)) continue;
      seen.add(cert.fingerprint);
      out.push(cert);
    }
  }
  return out;
}

/** Well-known locations of the host's system trust bundle (Debian/Ubuntu, Fedora/RHEL, SUSE, Alpine/Arch). */
export const HOST_BUNDLE_CANDIDATES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/ca-bundle.pem',
  '/etc/ssl/cert.pem',
];

/**
 * The host's trust bundle, to offer as `extraCaCertificates` when the host already trusts the
 * proxy. Linux only: macOS keeps its trust in the keychain and Windows in its certificate
 * store (export the proxy CA from there as PEM; see docs/proxy-certificates.md).
 */
export async function findHostTrustStore(
  platform: NodeJS.Platform = process.platform,
  candidates: readonly string[] = HOST_BUNDLE_CANDIDATES,
): Promise<string | null> {
  if (platform !== 'linux') return null;
  for (const path of candidates) {
    try {
      if ((await stat(path)).isFile()) return path;
    } catch {
      // try the next location
    }
  }
  return null;
}

/** Where caFilesForContainer puts the certificates inside a container. */
export const CONTAINER_CA_DIR = '/opt/ccr/ca';
export const CONTAINER_CA_FILE = `${CONTAINER_CA_DIR}/extra-ca.pem`;
export const CONTAINER_CA_BUNDLE = `${CONTAINER_CA_DIR}/bundle.pem`;

/** Image label holding caSetId() of the certificates an image was built with. */
export const CA_LABEL = 'dev.claude-code-runner.extra-ca';

/** A short id of a set of certificates (order-independent), '' for none. */
export function caSetId(certs: readonly CaCertificate[]): string {
  if (certs.length === 0) return '';
  const ids = certs.map((c) => c.fingerprint).sort();
  return createHash('sha256').update(ids.join('\n')).digest('hex').slice(0, 16);
}

export interface ContainerCaPlan {
  /** Put into the container (root-owned, world-readable: certificates are public). */
  files: { containerPath: string; content: Buffer; mode: number }[];
  env: Record<string, string>;
}

/**
 * For containers of images that were not built with the certificates (pulled or custom
 * images): the certificates as files plus the variables that make Node, npm, pip, requests,
 * curl, OpenSSL-based tools and git trust them, without root or a command in the container.
 * NODE_EXTRA_CA_CERTS adds to Node's roots; the other variables replace their tool's list, so
 * they get a bundle of Node's public roots (Mozilla's list) plus the extra certificates.
 * Tools that read only the system store (apt over https, Go programs such as gh) keep the
 * image's own trust: build the image with the certificates for those.
 *
 * Empty plan when none are configured or when `imageLabels` shows the image was built with
 * exactly these certificates.
 */
export async function caFilesForContainer(
  config: { extraCaCertificates?: readonly string[] },
  imageLabels?: Record<string, string> | null,
): Promise<ContainerCaPlan> {
  const certs = await readCaCertificates(config.extraCaCertificates ?? []);
  if (certs.length === 0) return { files: [], env: {} };
  if (imageLabels && imageLabels[CA_LABEL] === caSetId(certs)) return { files: [], env: {} };
  const extra = certs.map((c) => c.pem).join('');
  const roots = tls.rootCertificates.map((pem) => (pem.endsWith('\n') ? pem : `${pem}\n`)).join('');
  return {
    files: [
      { containerPath: CONTAINER_CA_FILE, content: Buffer.from(extra, 'utf8'), mode: 0o644 },
      {
        containerPath: CONTAINER_CA_BUNDLE,
        content: Buffer.from(roots + extra, 'utf8'),
        mode: 0o644,
      },
    ],
    env: {
      NODE_EXTRA_CA_CERTS: CONTAINER_CA_FILE,
      NPM_CONFIG_CAFILE: CONTAINER_CA_BUNDLE,
      PIP_CERT: CONTAINER_CA_BUNDLE,
      REQUESTS_CA_BUNDLE: CONTAINER_CA_BUNDLE,
      SSL_CERT_FILE: CONTAINER_CA_BUNDLE,
      CURL_CA_BUNDLE: CONTAINER_CA_BUNDLE,
      GIT_SSL_CAINFO: CONTAINER_CA_BUNDLE,
    },
  };
}
