/**
 * Seeded generator of hostile WebSocket messages: random bytes, random JSON, and near-miss
 * calls (real method names with wrong payloads, mutated names, wrong id types, prototype
 * keys). Every message it makes is invalid by construction, so each must be refused.
 */
import { methodNames, methods } from '../../../src/shared/contract';

// Methods whose input refuses an object with a stray key, and non-objects: the near-miss cases
// below use only these, so a method that accepts anything (added later) cannot make a
// "must be refused" message valid.
const strictNames = methodNames.filter((n) =>
  [{ fuzz_0: 0 }, undefined, null, 1, 'x', [], true].every(
    (p) => !methods[n].input.safeParse(p).success,
  ),
);

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function fuzzMessages(seed: number, count: number): string[] {
  const rnd = mulberry32(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const str = (max: number) => {
    const alphabet = 'abcXYZ019_-./\\:"\'{}[]<>$`;\u0000\u00e9\u4e2d\ud83d\ude00 \n\t%';
    let s = '';
    for (let i = int(max); i > 0; i--) s += alphabet[int(alphabet.length)];
    return s;
  };
  const value = (depth: number): unknown => {
    switch (depth > 3 ? int(5) : int(8)) {
      case 0:
        return null;
      case 1:
        return rnd() < 0.5;
      case 2:
        return pick([0, -1, 1e308, -0, 2 ** 53, 3.14]);
      case 3:
        return str(40);
      case 4:
        return pick([
          '__proto__',
          'constructor',
          '/etc/passwd',
          '../../x',
          '<img src=x onerror=alert(1)>',
        ]);
      case 5:
        return Array.from({ length: int(4) }, () => value(depth + 1));
      default: {
        const o: Record<string, unknown> = {};
        for (let i = int(4); i > 0; i--)
          o[pick(['folder', 'url', 'x', '__proto__', str(8)])] = value(depth + 1);
        return o;
      }
    }
  };
  const mutate = (name: string) =>
    pick([
      name.toUpperCase(),
      name + 'X',
      name.slice(1),
      ` ${name}`,
      `${name}\u0000`,
      str(12) || 'q',
      pick(['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf']),
    ]);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = i + 1;
    const name = pick(strictNames);
    switch (int(9)) {
      case 0: // random text
        out.push(str(200));
        break;
      case 1: // random JSON value
        out.push(JSON.stringify(value(0)) ?? 'null');
        break;
      case 2: // unknown or mutated method name with any params
        out.push(JSON.stringify({ id, method: mutate(name), params: value(1) }));
        break;
      case 3: // real method, params not an object
        out.push(JSON.stringify({ id, method: name, params: pick([null, 1, 'x', [], true]) }));
        break;
      case 4: // real method, object params with a key no schema allows
        out.push(JSON.stringify({ id, method: name, params: { [`fuzz_${int(1e6)}`]: value(1) } }));
        break;
      case 5: // wrong id types
        out.push(
          JSON.stringify({
            id: pick([-1, 1.5, '1', null, [], {}, 2 ** 60]),
            method: name,
            params: {},
          }),
        );
        break;
      case 6: // extra or missing frame keys
        out.push(
          pick([
            JSON.stringify({ id, method: name }),
            JSON.stringify({ id, method: name, params: {}, [str(5) || 'k']: 1 }),
          ]),
        );
        break;
      case 7: // truncated JSON of a valid call
        {
          const text = JSON.stringify({ id, method: name, params: {} });
          out.push(text.slice(0, 1 + int(text.length - 2)));
        }
        break;
      default: // a method name of the wrong type
        out.push(JSON.stringify({ id, method: value(1), params: {} }));
    }
  }
  return out;
}
