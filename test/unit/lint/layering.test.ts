/**
 * The layering rules of eslint.config.mjs, run through ESLint's own API on files that break
 * them: the renderer reaching into main (or the CLI, or the preload) at any depth, by folder,
 * as a type, or with import(); src/shared importing the layers that use it. Each must fail, with
 * the rule's message, and the imports the layers are meant to use must pass: a rule that
 * flags nothing, or everything, fails here.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/build';

const eslint = new ESLint({ cwd: ROOT });

/** The layering complaints ESLint makes about `code` if it were the file at `path`. */
async function layeringErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}/${path}` });
  return result!.messages
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

const RENDERER = /the renderer talks to the main process only through src\/shared\/contract/;
const SHARED = /src\/shared imports nothing from the layers that use it/;

describe('the renderer', () => {
  it.each([
    ['src/renderer/src/x.ts', "import { createCore } from '../../main/core';"],
    [
      'src/renderer/src/components/review/deep/x.tsx',
      "import { hostGit } from '../../../../../main/git/host-git';",
    ],
    ['src/renderer/src/x.ts', "import type { Core } from '../../main/core';"],
    ['src/renderer/src/x.ts', "import { run } from '../../cli';"],
    ['src/renderer/src/x.ts', "import { expose } from '../../preload';"],
    ['src/renderer/src/x.ts', "export const load = () => import('../../main/core');"],
  ])('may not import main, cli or preload: %s %s', async (path, code) => {
    const errors = await layeringErrors(path, `${code}\nexport {};\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(RENDERER);
  });

  it('may not import Node modules or electron', async () => {
    expect(await layeringErrors('src/renderer/src/x.ts', "import 'node:fs';\n")).toEqual([
      expect.stringMatching(/no Node modules/),
    ]);
    expect(await layeringErrors('src/renderer/src/x.ts', "import 'electron';\n")).toHaveLength(1);
  });

  it('may import the contract and its own files', async () => {
    const code = [
      "import { methods } from '../../shared/contract';",
      "import { useSessions } from './stores/sessions';",
      "export const lazy = () => import('./components/review/ReviewView');",
      'export { methods, useSessions };',
      '',
    ].join('\n');
    expect(await layeringErrors('src/renderer/src/x.ts', code)).toEqual([]);
  });
});

describe('src/shared', () => {
  it.each([
    ['src/shared/x.ts', "import { createCore } from '../main/core';"],
    ['src/shared/schemas/x.ts', "import { api } from '../../renderer/src/api-context';"],
    ['src/shared/x.ts', "import { program } from '../cli/program';"],
    ['src/shared/x.ts', "import * as main from '../main';"],
    ['src/shared/x.ts', "export const load = () => import('../renderer/src/App');"],
  ])('may not import the layers that use it: %s %s', async (path, code) => {
    const errors = await layeringErrors(path, `${code}\nexport {};\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(SHARED);
  });

  it('may not import Node modules, and may import itself', async () => {
    expect(await layeringErrors('src/shared/x.ts', "import 'node:path';\n")).toEqual([
      expect.stringMatching(/no Node modules/),
    ]);
    const own = "import { AppError } from './errors';\nexport { AppError };\n";
    expect(await layeringErrors('src/shared/x.ts', own)).toEqual([]);
  });
});

describe('the main process', () => {
  it('may import shared, but not electron outside its Electron glue', async () => {
    const code = "import { methods } from '../../shared/contract';\nexport { methods };\n";
    expect(await layeringErrors('src/main/sessions/x.ts', code)).toEqual([]);
    expect(await layeringErrors('src/main/sessions/x.ts', "import 'electron';\n")).toHaveLength(1);
    expect(await layeringErrors('src/main/electron/x.ts', "import 'electron';\n")).toEqual([]);
  });
});
