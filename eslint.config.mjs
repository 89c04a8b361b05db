import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';

// A layer is a folder: importing the folder itself (its index.ts) counts as much as a file in it.
const layer = (...names) => names.flatMap((n) => [`**/${n}`, `**/${n}/**`]);
// import() is not an import declaration: no-restricted-imports does not see it, this does.
const noDynamicImportOf = (names, message) => ({
  selector: `ImportExpression[source.value=/(^|\\/)(${names.join('|')})(\\/|$)/]`,
  message,
});
const RENDERER_ONLY_CONTRACT =
  'the renderer talks to the main process only through src/shared/contract';
const SHARED_USES_NOTHING = 'src/shared imports nothing from the layers that use it';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'assets/**', '.engines/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The renderer runs sandboxed in Electron and in a browser: Node modules are never there.
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron'],
          patterns: [
            { group: ['node:*'], message: 'the renderer runs in a browser: no Node modules' },
            { group: layer('main', 'cli', 'preload'), message: RENDERER_ONLY_CONTRACT },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        noDynamicImportOf(['main', 'cli', 'preload'], RENDERER_ONLY_CONTRACT),
      ],
    },
  },
  {
    // Only the Electron glue may import electron; everything else must run under plain Node.
    files: ['src/main/**/*.ts', 'src/shared/**/*.ts', 'src/cli/**/*.ts'],
    ignores: ['src/main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['electron'] }],
    },
  },
  {
    // The contract is shared by both sides: it depends on neither (layering by folder, as VS Code).
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron'],
          patterns: [
            { group: ['node:*'], message: 'src/shared runs in the renderer too: no Node modules' },
            { group: layer('main', 'renderer', 'cli', 'preload'), message: SHARED_USES_NOTHING },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        noDynamicImportOf(['main', 'renderer', 'cli', 'preload'], SHARED_USES_NOTHING),
      ],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
      },
    },
  },
  prettier,
);
