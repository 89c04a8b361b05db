/**
 * An SVG file's two sides for the review's preview (drawn only as an <img> from data:, where
 * no script in it runs and nothing is fetched), with real git: the markup comes back as the
 * bytes committed, typed image/svg+xml; a drawing above the SVG cap is refused with its reason,
 * so the review shows the text diff alone.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileImage, SVG_PREVIEW_MAX_BYTES } from '../../../src/main/git/diff-files';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('an SVG file of a diff, for a preview', () => {
  it('sends both sides as image/svg+xml, and refuses one above the cap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccr-review-svg-'));
    dirs.push(dir);
    const g = (...a: string[]) =>
      execFileSync('git', ['-C', dir, '-c', 'user.name=T', '-c', 'user.email=t@e.invalid', ...a], {
        encoding: 'utf8',
      }).trim();
    g('init', '-q', '-b', 'main');
    const one =
      '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><script>alert(1)</script><rect width="8" height="8" fill="red"/></svg>\n';
    const two = one.replace('red', 'blue');
    writeFileSync(join(dir, 'icon.svg'), one);
    g('add', '-A');
    g('commit', '-qm', 'one');
    const a = g('rev-parse', 'HEAD');
    writeFileSync(join(dir, 'icon.svg'), two);
    writeFileSync(join(dir, 'huge.svg'), `<svg>${'<g/>'.repeat(SVG_PREVIEW_MAX_BYTES / 4)}</svg>`);
    g('add', '-A');
    g('commit', '-qm', 'two');
    const b = g('rev-parse', 'HEAD');
    expect(await fileImage(dir, a, b, 'icon.svg')).toEqual({
      mime: 'image/svg+xml',
      old: Buffer.from(one).toString('base64'),
      new: Buffer.from(two).toString('base64'),
    });
    await expect(fileImage(dir, a, b, 'huge.svg')).rejects.toMatchObject({
      code: 'image-too-large',
      message: expect.stringContaining('512 KiB'),
    });
  });
});
