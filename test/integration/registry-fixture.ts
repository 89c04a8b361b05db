/**
 * A tiny Docker registry (HTTP API v2, plain HTTP on 127.0.0.1) that demands HTTP Basic auth
 * and serves one real image: the test base image exported from the engine, with a label added
 * to its config so the served image has its own ID (its layers are the base image's).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import type { Engine } from '../../src/main/engine/types';

const MANIFEST_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';
const CONFIG_TYPE = 'application/vnd.docker.container.image.v1+json';
const LAYER_TYPE = 'application/vnd.docker.image.rootfs.diff.tar';

interface Layer {
  /** Entry name in the engine's export. */
  file: string;
  digest: string;
  size: number;
}

export interface FakeRegistry {
  /** "127.0.0.1:<port>" */
  host: string;
  /** Requests that carried the right credentials / that were refused, by path. */
  authorized: string[];
  refused: string[];
  close(): Promise<void>;
}

const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** One pass over the engine's export: small files kept, layers only hashed. */
async function readExport(
  engine: Engine,
  image: string,
): Promise<{ files: Map<string, Buffer>; hashed: Map<string, { digest: string; size: number }> }> {
  const files = new Map<string, Buffer>();
  const hashed = new Map<string, { digest: string; size: number }>();
  const extract = tar.extract();
  const source = (await engine.docker.getImage(image).get()) as unknown as Readable;
  source.pipe(extract);
  for await (const entry of extract) {
    const name = entry.header.name.replace(/^\.\//, '');
    if (entry.header.type !== 'file') {
      entry.resume();
      continue;
    }
    if (name.endsWith('.json')) {
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      files.set(name, Buffer.concat(chunks));
    } else {
      const hash = createHash('sha256');
      let size = 0;
      for await (const c of entry) {
        hash.update(c as Buffer);
        size += (c as Buffer).length;
      }
      hashed.set(name, { digest: `sha256:${hash.digest('hex')}`, size });
    }
  }
  return { files, hashed };
}

/** Streams one layer of a fresh export into the response (layers are too big to keep). */
async function sendLayer(engine: Engine, image: string, file: string, res: ServerResponse) {
  const extract = tar.extract();
  const source = (await engine.docker.getImage(image).get()) as unknown as Readable;
  source.pipe(extract);
  for await (const entry of extract) {
    if (entry.header.name.replace(/^\.\//, '') === file) {
      await pipeline(entry, res);
      source.destroy();
      return;
    }
    entry.resume();
  }
  res.end();
}

export async function startFakeRegistry(
  engine: Engine,
  image: string,
  opts: { user: string; password: string; repo: string; label: string },
): Promise<FakeRegistry> {
  const { files, hashed } = await readExport(engine, image);
  const index = JSON.parse(files.get('manifest.json')?.toString() ?? 'null') as
    { Config: string; Layers: string[] }[] | null;
  const entry = index?.[0];
  if (!entry) throw new Error(`the export of ${image} has no manifest.json`);
  const config = JSON.parse(files.get(entry.Config)?.toString() ?? '{}') as {
    config?: { Labels?: Record<string, string> | null };
    rootfs?: { diff_ids?: string[] };
  };
  config.config ??= {};
  config.config.Labels = {
    ...(config.config.Labels ?? {}),
    'dev.claude-code-runner.test': opts.label,
  };
  const configBytes = Buffer.from(JSON.stringify(config));
  const layers: Layer[] = entry.Layers.map((file, i) => {
    const h = hashed.get(file);
    if (!h) throw new Error(`the export of ${image} lacks its layer ${file}`);
    // Uncompressed layers: the blob digest is the diff ID the config lists.
    if (config.rootfs?.diff_ids?.[i] !== h.digest)
      throw new Error(`layer ${file} of the export does not match the config's diff_ids`);
    return { file, ...h };
  });
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MANIFEST_TYPE,
      config: { mediaType: CONFIG_TYPE, size: configBytes.length, digest: sha256(configBytes) },
      layers: layers.map((l) => ({ mediaType: LAYER_TYPE, size: l.size, digest: l.digest })),
    }),
  );
  const manifestDigest = sha256(manifest);
  const expected = `Basic ${Buffer.from(`${opts.user}:${opts.password}`).toString('base64')}`;
  const authorized: string[] = [];
  const refused: string[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
    if (req.headers.authorization !== expected) {
      refused.push(path);
      res.writeHead(401, {
        'WWW-Authenticate': 'Basic realm="test"',
        'Content-Type': 'application/json',
      });
      res.end(
        JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }),
      );
      return;
    }
    authorized.push(path);
    const head = req.method === 'HEAD';
    const send = (type: string, body: Buffer, digest: string) => {
      res.writeHead(200, {
        'Content-Type': type,
        'Content-Length': body.length,
        'Docker-Content-Digest': digest,
      });
      res.end(head ? undefined : body);
    };
    if (path === '/v2/' || path === '/v2') return send('application/json', Buffer.from('{}'), '');
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(path);
    if (m && m[1] === opts.repo) {
      const [, , kind, id] = m;
      if (kind === 'manifests') return send(MANIFEST_TYPE, manifest, manifestDigest);
      if (id === sha256(configBytes)) return send(CONFIG_TYPE, configBytes, id);
      const layer = layers.find((l) => l.digest === id);
      if (layer) {
        res.writeHead(200, {
          'Content-Type': 'application/octet-stream',
          'Content-Length': layer.size,
          'Docker-Content-Digest': layer.digest,
        });
        if (head) return res.end();
        return sendLayer(engine, image, layer.file, res);
      }
    }
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'unknown' }] }));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    authorized,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
