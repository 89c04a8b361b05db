import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tar from 'tar-stream';
import { isIgnored, packContext, parseDockerignore } from '../../../src/main/engine/build-context';
import { demuxBuffer } from '../../../src/main/engine/mux';

async function names(stream: NodeJS.ReadableStream): Promise<string[]> {
  const extract = tar.extract();
  const out: string[] = [];
  extract.on('entry', (h, s, next) => {
    out.push(h.type === 'directory' ? `${h.name}/` : h.name);
    s.resume();
    s.on('end', next);
  });
  const done = new Promise<void>((r) => extract.on('finish', () => r()));
  stream.pipe(extract);
  await done;
  return out.sort();
}

describe('.dockerignore', () => {
  const rules = parseDockerignore(
    '# comment\nnode_modules\n*.log\n**/secret.txt\n!keep.log\n/dist/\n',
  );
  it('matches folders, globs, ** and re-includes', () => {
    expect(isIgnored('node_modules/a/b.js', rules)).toBe(true);
    expect(isIgnored('app.log', rules)).toBe(true);
    expect(isIgnored('keep.log', rules)).toBe(false);
    expect(isIgnored('deep/er/secret.txt', rules)).toBe(true);
    expect(isIgnored('secret.txt', rules)).toBe(true);
    expect(isIgnored('dist/x', rules)).toBe(true);
    expect(isIgnored('src/app.ts', rules)).toBe(false);
  });

  it('packs the context without ignored files but always with the Dockerfile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccr-ctx-'));
    mkdirSync(join(dir, 'node_modules/x'), { recursive: true });
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'node_modules/x/i.js'), '');
    writeFileSync(join(dir, 'src/a.ts'), 'a');
    writeFileSync(join(dir, 'debug.log'), '');
    writeFileSync(join(dir, 'src/._a.ts'), 'AppleDouble');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM x');
    writeFileSync(join(dir, '.dockerignore'), 'node_modules\n*.log\nDockerfile\n');
    expect(await names(await packContext(dir, 'Dockerfile'))).toEqual([
      '.dockerignore',
      'Dockerfile',
      'src/',
      'src/a.ts',
    ]);
  });
});

describe('stream demultiplexing', () => {
  it('splits stdout and stderr frames by their 8-byte headers', () => {
    const frame = (type: number, text: string) => {
      const h = Buffer.alloc(8);
      h[0] = type;
      h.writeUInt32BE(Buffer.byteLength(text), 4);
      return Buffer.concat([h, Buffer.from(text)]);
    };
    const frames = demuxBuffer(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n'), frame(1, '')]));
    expect(frames.map((f) => [f.stream, f.data.toString()])).toEqual([
      ['stdout', 'out\n'],
      ['stderr', 'err\n'],
      ['stdout', ''],
    ]);
  });
});
