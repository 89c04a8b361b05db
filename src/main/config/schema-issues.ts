/**
 * Turns zod's issues for one config file into ConfigIssues that name the file, the key path,
 * the line/column and what is expected, with a did-you-mean for unknown keys. Messages never
 * include the offending value (it could be a secret); they name its type instead.
 */
import type { z } from 'zod';
import type { ConfigIssue } from '../../shared/schemas/config';
import { joinPath, type Position } from './json-parse';
import { suggestKey } from './suggest';

type Segment = string | number;

export function pathOf(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>(
    (acc, s) => joinPath(acc, typeof s === 'number' ? s : String(s)),
    '',
  );
}

/** Where to point for `path`: its own position, else its nearest recorded parent. */
export function locate(
  positions: Map<string, Position>,
  segments: readonly Segment[],
): Position | undefined {
  for (let n = segments.length; n > 0; n--) {
    const hit = positions.get(pathOf(segments.slice(0, n)));
    if (hit) return hit;
  }
  return undefined;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'number') return Number.isInteger(v) ? 'a whole number' : 'a number';
  return `a ${typeof v}`;
}

function valueAt(root: unknown, segments: readonly Segment[]): unknown {
  let v = root;
  for (const s of segments) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[s as string];
  }
  return v;
}

const ARTICLE: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  record: 'an object',
};

/** The keys an object schema at `segments` accepts (unwrapping optional and array). */
export function knownKeysAt(schema: z.ZodType, segments: readonly Segment[]): string[] {
  let s: z.ZodType | undefined = schema;
  const unwrap = () => {
    for (;;) {
      const def = (s as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
      if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable')
        s = def.innerType as z.ZodType;
      else return def;
    }
  };
  for (const seg of segments) {
    const def = unwrap();
    if (def.type === 'object' && typeof seg === 'string')
      s = (def.shape as Record<string, z.ZodType>)[seg];
    else if (def.type === 'array') s = def.element as z.ZodType;
    else return [];
    if (!s) return [];
  }
  const def = unwrap();
  return def.type === 'object' ? Object.keys(def.shape as object) : [];
}

export function zodIssuesToConfigIssues(
  issues: readonly z.core.$ZodIssue[],
  ctx: { file: string; schema: z.ZodType; value: unknown; positions: Map<string, Position> },
): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  const push = (segments: Segment[], message: string) => {
    const pos = locate(ctx.positions, segments);
    out.push({ file: ctx.file, path: pathOf(segments), message, ...pos });
  };
  for (const issue of issues) {
    const segments = issue.path as Segment[];
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          const known = knownKeysAt(ctx.schema, segments);
          const guess = suggestKey(key, known);
          const tail = guess
            ? `did you mean "${guess}"?`
            : known.length > 0 && known.length <= 8
              ? `expected one of ${known.map((k) => `"${k}"`).join(', ')}`
              : 'see docs/config.md for the supported keys';
          push([...segments, key], `unknown key "${key}"; ${tail}`);
        }
        break;
      case 'invalid_type': {
        const actual = valueAt(ctx.value, segments);
        const expected = ARTICLE[issue.expected] ?? issue.expected;
        const custom = !issue.message.startsWith('Invalid input');
        const what = custom ? issue.message : `expected ${expected}`;
        push(
          segments,
          actual === undefined ? `missing; ${what}` : `${what}, got ${typeName(actual)}`,
        );
        break;
      }
      case 'invalid_key': {
        const inner = issue.issues[0]?.message ?? 'invalid key';
        push(segments, `invalid key name: ${inner}`);
        break;
      }
      case 'invalid_union': {
        // A union (network: a name or an allowlist object): report the branch the value's type
        // chose, else what types are accepted.
        const typed = issue.errors.filter(
          (branch) => !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0),
        );
        if (typed.length === 1) {
          const inner = typed[0]!.map((i) => ({ ...i, path: [...segments, ...i.path] }));
          out.push(...zodIssuesToConfigIssues(inner as z.core.$ZodIssue[], ctx));
          break;
        }
        const kinds = issue.errors.flatMap((branch) =>
          branch
            .filter((i) => i.code === 'invalid_type' && i.path.length === 0)
            .map((i) => ARTICLE[(i as { expected: string }).expected] ?? 'another value'),
        );
        const actual = valueAt(ctx.value, segments);
        push(
          segments,
          kinds.length > 0
            ? `expected ${[...new Set(kinds)].join(' or ')}, got ${typeName(actual)}`
            : issue.message,
        );
        break;
      }
      default:
        push(segments, issue.message);
    }
  }
  return out;
}
