/**
 * Colouring diff rows without holding the page: a row whose hunk is short is coloured as it is
 * drawn; the first row of a long hunk (its whole side highlighted together) is drawn plain and
 * coloured in a later task, then every row of that hunk is ready at once; a request undone
 * (the row left the screen) is never coloured.
 */
import { describe, expect, it } from 'vitest';
import { buildDiffModel } from '../../../src/renderer/src/components/review/diff-model';
import {
  segmentsNow,
  whenColoured,
} from '../../../src/renderer/src/components/review/row-segments';

function added(n: number, name: string): string {
  const lines = Array.from({ length: n }, (_, i) => `+export const v${i} = ${i};`);
  return [
    `diff --git a/${name} b/${name}`,
    'new file mode 100644',
    '--- /dev/null',
    `+++ b/${name}`,
    `@@ -0,0 +1,${n} @@`,
    ...lines,
    '',
  ].join('\n');
}

const hasToken = (segs: { cls: string }[] | null) => !!segs?.some((s) => s.cls.includes('hljs'));

describe('diff row colours', () => {
  it('colours a short hunk at once and a long one in a later task', async () => {
    const short = buildDiffModel(added(5, 'a.ts'))[0]!.blocks[0]!.rows;
    expect(hasToken(segmentsNow(short[0]!, 'typescript'))).toBe(true);

    const long = buildDiffModel(added(300, 'b.ts'))[0]!.blocks[0]!.rows;
    expect(segmentsNow(long[0]!, 'typescript')).toBeNull();
    await new Promise<void>((done) => whenColoured({ r: long[0]!, lang: 'typescript', done }));
    expect(hasToken(segmentsNow(long[0]!, 'typescript'))).toBe(true);
    // The hunk was highlighted whole: its other rows are ready too.
    expect(hasToken(segmentsNow(long[299]!, 'typescript'))).toBe(true);

    const other = buildDiffModel(added(300, 'c.ts'))[0]!.blocks[0]!.rows;
    let called = false;
    const undo = whenColoured({ r: other[0]!, lang: 'typescript', done: () => (called = true) });
    undo();
    await new Promise((r) => setTimeout(r, 50));
    expect(called).toBe(false);
    expect(segmentsNow(other[0]!, 'typescript')).toBeNull();
  });
});
