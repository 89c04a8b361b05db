/**
 * The sandboxed preload: exposes the contract's methods and event subscriptions as
 * `window.ccr`. Sandboxed preloads may only require('electron'), so the name list is baked in
 * at build time (see names.ts) instead of importing the contract.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildPreloadApi } from './api';
import type { PreloadNames } from './names';

declare const __CCR_PRELOAD_NAMES__: PreloadNames;

contextBridge.exposeInMainWorld('ccr', buildPreloadApi(ipcRenderer, __CCR_PRELOAD_NAMES__));
