/**
 * `npm run bench -- <name> [--iterations N] [--engine docker|podman]` runs bench/<name>.ts once
 * per available engine and prints one JSON line per engine:
 *   {"bench":"<name>","engine":"docker", …figures…, "ratio": …}
 * Under CI a missing engine is a failure, elsewhere it is reported and skipped.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchEngines } from './lib/engines';
import type { Bench, BenchContext } from './lib/types';

const UNIT_KEY = /_(ms|us|ns|s|bytes|kb|mb|per_s|pct|count|n)$/;

function usage(msg: string): never {
  process.stderr.write(
    `${msg}\nusage: npm run bench -- <name> [--iterations N] [--engine docker|podman]\n`,
  );
  process.exit(2);
}

async function loadBench(name: string): Promise<Bench> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name))
    usage(`bench name "${name}" is not valid (lowercase letters, digits, -)`);
  const file = join(__dirname, `${name}.ts`);
  if (!existsSync(file)) usage(`no benchmark bench/${name}.ts`);
  let mod: unknown = await import(pathToFileURL(file).href);
  // tsx/CJS interop may wrap the default export once more.
  while (mod && typeof mod === 'object' && 'default' in mod)
    mod = (mod as { default: unknown }).default;
  if (typeof mod !== 'function') usage(`bench/${name}.ts has no default export function`);
  return mod as Bench;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const name = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  if (!name) usage('which benchmark?');
  const flag = (f: string) => {
    const i = args.indexOf(f);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const iterations = flag('--iterations') ? Number(flag('--iterations')) : undefined;
  if (iterations !== undefined && !(Number.isInteger(iterations) && iterations > 0))
    usage('--iterations must be a positive integer');
  const only = flag('--engine');

  const bench = await loadBench(name);
  const { engines, missing } = benchEngines();
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  for (const m of missing)
    process.stderr.write(`bench ${name}: ${ci ? 'missing engine' : 'skipping'}: ${m}\n`);
  if (ci && missing.length) process.exit(1);
  const targets = engines.filter((e) => !only || e.name === only);
  if (targets.length === 0) usage('no engine to run against');

  let failed = false;
  for (const engine of targets) {
    const ctx: BenchContext = {
      engine,
      log: (l) => process.stderr.write(`[${name}/${engine.name}] ${l}\n`),
    };
    if (iterations !== undefined) ctx.iterations = iterations;
    try {
      const result = await bench(ctx);
      const odd = Object.keys(result).filter(
        (k) => k !== 'ratio' && typeof result[k] === 'number' && !UNIT_KEY.test(k),
      );
      if (odd.length) ctx.log(`warning: figures without a unit in their key: ${odd.join(', ')}`);
      process.stdout.write(`${JSON.stringify({ bench: name, engine: engine.name, ...result })}\n`);
    } catch (e) {
      failed = true;
      process.stderr.write(
        `bench ${name} on ${engine.name} failed: ${e instanceof Error ? e.message : String(e)}\n`,
      );
    }
  }
  process.exit(failed ? 1 : 0);
}

void main();
