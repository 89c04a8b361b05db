/**
 * Electron main-process entry (bundled to out/main/index.js). Everything lives in app.ts so
 * tests can load the glue without starting an app.
 */
import { startElectronApp } from './app';

startElectronApp({ bundleDir: __dirname });
