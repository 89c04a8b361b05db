/**
 * electron-builder cannot run here (it downloads Electron), so this checks what it would read:
 * electron-builder.yml against the JSON schema electron-builder ships (validated the way
 * electron-builder validates it), every file the config names, the icons' formats and sizes,
 * the security fuses, and that the packaged layout lets the app find its image recipe.
 */
import { cp, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type AjvClass from 'ajv';
import { describe, expect, it } from 'vitest';
import { defaultDockerDir } from '../../../src/main/image/docker-dir';

const root = join(__dirname, '..', '..', '..');
// The YAML reader and validator electron-builder itself uses, resolved from its package.
const fromBuilder = createRequire(join(root, 'node_modules/app-builder-lib/package.json'));
const yaml = fromBuilder('js-yaml') as { load(text: string): unknown };
const Ajv = (fromBuilder('ajv') as { default: typeof AjvClass }).default;
const at = (p: string) => join(root, p);
type Config = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const config = yaml.load(readFileSync(at('electron-builder.yml'), 'utf8')) as Config;
const pkg = JSON.parse(readFileSync(at('package.json'), 'utf8')) as { main: string; name: string };

// The options electron-builder's own validator uses (app-builder-lib/out/util/config/schemaValidator.js).
const ajv = new Ajv({ allErrors: true, verbose: true, coerceTypes: true, strict: false });
const validate = ajv.compile(
  JSON.parse(readFileSync(at('node_modules/app-builder-lib/scheme.json'), 'utf8')) as object,
);
const problems = (cfg: unknown) =>
  validate(structuredClone(cfg))
    ? []
    : (validate.errors ?? [])
        .filter((e) => !['anyOf', 'oneOf'].includes(e.keyword))
        .map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);

function pngSize(buf: Buffer): [number, number] {
  expect(buf.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}

describe('electron-builder.yml', () => {
  it("matches electron-builder's schema", () => {
    expect(problems(config)).toEqual([]);
  });

  it('is checked for real: a misspelt key is refused', () => {
    expect(
      problems({ ...config, linux: { ...config.linux, executablename: 'x' } }).join('\n'),
    ).toMatch(/additional/i);
    expect(
      problems({ ...config, electronFuses: { ...config.electronFuses, runAsNode: 'no' } }),
    ).not.toEqual([]);
  });

  it('builds the required targets', () => {
    const names = (t: unknown[]) =>
      t.map((x) => (typeof x === 'string' ? x : (x as { target: string }).target));
    expect(names(config.linux.target)).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(names(config.mac.target)).toEqual(expect.arrayContaining(['dmg', 'zip']));
    expect(names(config.win.target)).toEqual(['nsis']);
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
    expect(config.productName).toBe('Claude Code Runner');
    expect(config.linux.category).toBe('Development');
    expect(config.mac.category).toBe('public.app-category.developer-tools');
  });

  it('sets the security fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
    });
  });

  it('packs the built app, not sources or tests, and unpacks node-pty', () => {
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    expect(pkg.main.startsWith('out/')).toBe(true);
    // A whitelist: nothing but the built app and package.json goes in (no src/, test/).
    const included = (config.files as string[]).filter((f) => !f.startsWith('!'));
    expect(included.sort()).toEqual(['out/**', 'package.json']);
    expect(config.asarUnpack).toContain('node_modules/node-pty/**');
    expect(existsSync(at('node_modules/node-pty/package.json'))).toBe(true);
  });

  it('installs the claude-run command with the deb and registers for folders', () => {
    expect(config.linux.executableName).toBe('claude-run');
    expect(config.linux.mimeTypes).toContain('inode/directory');
    const types = config.mac.extendInfo.CFBundleDocumentTypes as { LSItemContentTypes: string[] }[];
    expect(types.flatMap((t) => t.LSItemContentTypes)).toContain('public.folder');
    const nsh = readFileSync(at(config.nsis.include), 'utf8');
    expect(nsh).toMatch(/Classes\\Directory\\shell\\ClaudeCodeRunner\\command/);
    expect(nsh).toMatch(/!macro customUnInstall[\s\S]*DeleteRegKey/);
  });

  it('names only files that exist', async () => {
    const named = [
      config.mac.icon,
      config.mac.entitlements,
      config.mac.entitlementsInherit,
      config.win.icon,
      config.nsis.installerIcon,
      config.nsis.uninstallerIcon,
      config.nsis.include,
      config.linux.icon,
      ...(config.extraResources as { from: string }[]).map((r) => r.from),
    ];
    for (const file of named)
      expect(existsSync(at(file)), `${file} named in electron-builder.yml`).toBe(true);
  });

  it('ships the image recipe where the packaged app looks for it', async () => {
    const res = config.extraResources.find((r: { to: string }) => r.to === 'docker');
    expect(res?.from).toBe('docker');
    const resources = await mkdtemp(join(tmpdir(), 'ccr-resources-'));
    try {
      await cp(at(res.from), join(resources, res.to), { recursive: true });
      const found = defaultDockerDir({
        resourcesPath: resources,
        fromDir: resources,
        cwd: resources,
      });
      expect(found).toBe(join(resources, 'docker'));
    } finally {
      await rm(resources, { recursive: true, force: true });
    }
  });
});

describe('icons', () => {
  it('has a PNG of every size from 16 to 1024 for Linux, each of its stated size', async () => {
    const dir = at(config.linux.icon);
    const files = readdirSync(dir).filter((f) => f.endsWith('.png'));
    const sizes = files.map((f) => Number(/^(\d+)x\1\.png$/.exec(f)?.[1])).sort((a, b) => a - b);
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 64, 128, 256, 512, 1024]));
    for (const f of files) {
      const n = Number(f.split('x')[0]);
      expect(pngSize(await readFile(join(dir, f))), f).toEqual([n, n]);
    }
  });

  it('has a Windows .ico with a 256px image and a macOS .icns with the 1024px one', async () => {
    const ico = await readFile(at(config.win.icon));
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const widths = Array.from({ length: count }, (_, i) => ico[6 + i * 16] || 256);
    expect(widths).toEqual(expect.arrayContaining([16, 32, 48, 256]));

    const icns = await readFile(at(config.mac.icon));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    expect(icns.includes(Buffer.from('ic10'))).toBe(true); // 1024×1024 (512@2x)
  });

  it('is made from the one SVG source by the committed script', async () => {
    expect((await stat(at('assets/icon.svg'))).isFile()).toBe(true);
    const script = await readFile(at('scripts/make-icons.mjs'), 'utf8');
    expect(script).toContain("'icon.svg'");
  });
});
