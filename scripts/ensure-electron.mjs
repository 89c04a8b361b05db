#!/usr/bin/env node
// Runs before `npm start` and `npm run dev` (prestart / predev). Since Electron 45 the electron
// package downloads its binary on first use instead of at install time, but electron-vite only
// reads node_modules/electron/path.txt and stops with a bare "Electron uninstall" when it is
// missing. So this fetches the binary first with Electron's own installer (its install.js, the
// `install-electron` bin), once, and says what to set when the download is blocked.
// Deliberately not a postinstall: `npm ci` (CI, tests) must never download Electron.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const DEFAULT_HOST = 'https://github.com/electron/electron/releases/download/';

// CCR_ELECTRON_PACKAGE_DIR lets the tests point this at a throw-away copy of the package.
const packageDir =
  process.env.CCR_ELECTRON_PACKAGE_DIR ||
  dirname(createRequire(import.meta.url).resolve('electron/package.json'));

function readText(file) {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

// The same test electron-vite and Electron's index.js apply: path.txt names the executable
// under dist/ (or under ELECTRON_OVERRIDE_DIST_PATH), and that file exists.
function installed() {
  const execPath = process.env.ELECTRON_EXEC_PATH;
  if (execPath) return existsSync(execPath);
  const executable = readText(join(packageDir, 'path.txt'));
  if (!executable) return false;
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(packageDir, 'dist');
  return existsSync(join(distDir, executable));
}

if (installed()) process.exit(0);

const version = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
console.log(`Downloading Electron ${version} (first start only)…`);
const result = spawnSync(process.execPath, [join(packageDir, 'install.js')], {
  stdio: 'inherit',
});

if (result.status === 0 && installed()) process.exit(0);

const mirror = process.env.ELECTRON_MIRROR || process.env.npm_config_electron_mirror;
const from = mirror ? `the mirror ELECTRON_MIRROR=${mirror}` : DEFAULT_HOST;
const why = result.error ? `${result.error.message}\n` : '';
console.error(
  `\n${why}Could not download Electron ${version} for ${process.platform}-${process.arch} ` +
    `from ${from} (Electron's installer, ${join(packageDir, 'install.js')}, said why above).\n` +
    'Behind a firewall or proxy, set one of these and run the command again:\n' +
    '  ELECTRON_MIRROR=<url>          a mirror of Electron releases, e.g. an internal one or\n' +
    '                                 https://npmmirror.com/mirrors/electron/\n' +
    '  ELECTRON_GET_USE_PROXY=1 with HTTPS_PROXY=<proxy url>   download through a proxy\n' +
    '  electron_config_cache=<dir>    where the downloaded zip is cached (default ~/.cache/electron)\n' +
    'See "Set up and run" in README.md.',
);
process.exit(result.status || 1);
