#!/usr/bin/env node
// Makes every icon the packaging targets need from the one source, assets/icon.svg:
//   assets/icons/<n>x<n>.png (16…1024, Linux and the app window), assets/icon.png (1024),
//   assets/icon.ico (Windows / NSIS) and assets/icon.icns (macOS).
// Pure JS + wasm, so it runs offline after `npm install`. Outputs are committed; run
// `node scripts/make-icons.mjs` again after editing the SVG.
import { Buffer } from 'node:buffer';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import png2icons from 'png2icons';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const assets = join(root, 'assets');
export const SIZES = [16, 24, 32, 48, 64, 96, 128, 256, 512, 1024];

const require = createRequire(import.meta.url);
await initWasm(await readFile(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));

const svg = await readFile(join(assets, 'icon.svg'), 'utf8');
// Each size is rendered from the vector source (sharper than scaling one bitmap down).
const render = (size) =>
  Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng());

await mkdir(join(assets, 'icons'), { recursive: true });
for (const size of SIZES) {
  await writeFile(join(assets, 'icons', `${size}x${size}.png`), render(size));
}
const big = render(1024);
await writeFile(join(assets, 'icon.png'), big);

const ico = png2icons.createICO(big, png2icons.BICUBIC2, 0, true, true);
const icns = png2icons.createICNS(big, png2icons.BICUBIC2, 0);
if (!ico || !icns) throw new Error('png2icons could not convert assets/icon.png');
await writeFile(join(assets, 'icon.ico'), ico);
await writeFile(join(assets, 'icon.icns'), icns);
console.log(`icons: ${SIZES.length} PNGs in assets/icons, icon.png, icon.ico, icon.icns`);
