import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { preloadNames } from './src/preload/names';

// In `npm run dev` the renderer comes from Vite's dev server, which needs an inline script
// (React refresh) and a WebSocket (HMR): relax the page's CSP for the dev server only. Built
// bundles keep the strict policy from index.html.
const devCsp = (): Plugin => ({
  name: 'ccr-dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
});

// Three bundles: the Electron main process (plus the Node-only CLI/web server, which shares
// its code), the sandboxed preload, and the React renderer that both Electron and the web
// mode load.
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/electron/index.ts'),
          cli: resolve(__dirname, 'src/cli/index.ts'),
        },
      },
    },
  },
  preload: {
    // The sandboxed preload may only require('electron'): the contract's method and event
    // names are baked in here instead of bundling the contract (and zod) into it.
    define: { __CCR_PRELOAD_NAMES__: JSON.stringify(preloadNames()) },
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [react(), devCsp()],
  },
});
