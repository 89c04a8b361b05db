/** Where the built web UI is, for the CLI's web server (`web`, and `start`/`attach` with the web UI). */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError } from '../shared/errors';

/**
 * out/renderer beside the bundle, or the dev tree's build. This code runs from out/main/cli.js,
 * from the chunk the CLI shares with the Electron main (out/main/chunks/*.js, where the
 * bundler puts it today), or from src/cli under tsx.
 */
export function findRendererDir(): string {
  const candidates = [
    resolve(__dirname, '../renderer'),
    resolve(__dirname, '../../renderer'),
    resolve(__dirname, '../../out/renderer'),
    resolve(process.cwd(), 'out/renderer'),
  ];
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')));
  if (!found) {
    throw new AppError('ui-not-built', 'The web UI is not built.', 'Run `npm run build` first.');
  }
  return found;
}
