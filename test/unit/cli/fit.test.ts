import { describe, expect, it } from 'vitest';
import { fitRows, shorten } from '../../../src/cli/commands/fit';
import { table } from '../../../src/cli/commands/output';

describe('fitRows', () => {
  const header = ['ID', 'NAME', 'BRANCH', 'STATUS', 'FOLDER'];
  const long = 'my-very-long-project-name-claude-2026-11-26-101010-and-more';
  const rows = [
    [
      '3d18a813429a',
      long,
      'claude/2026-11-26-101010-a-long-branch',
      '\x1b[32mrunning\x1b[0m',
      '/home/me/projects/deeply/nested/my-project',
    ],
  ];
  const shrink = [
    { column: 1, min: 12 },
    { column: 2, min: 12 },
    { column: 4, min: 12, keep: 'end' as const },
  ];

  it('keeps every row within the terminal width, ids whole, with an ellipsis where cut', () => {
    const out = table(header, fitRows(header, rows, 80, shrink));
    for (const line of out.trimEnd().split('\n')) {
      // eslint-disable-next-line no-control-regex
      expect([...line.replace(/\x1b\[[0-9;]*m/g, '')].length).toBeLessThanOrEqual(80);
    }
    const row = out.split('\n')[1]!;
    expect(row.startsWith('3d18a813429a  my-very-long')).toBe(true);
    expect(row).toMatch(/my-very-long\S*…/);
    // A folder keeps its end: the project's own name is what tells folders apart.
    expect(row).toMatch(/…\S*\/my-project$/);
    expect(row).toContain('\x1b[32mrunning\x1b[0m');
  });

  it('leaves rows that fit as they are', () => {
    expect(fitRows(header, rows, 500, shrink)).toEqual(rows);
  });

  it('never goes below a column minimum, even on a very narrow terminal', () => {
    const [row] = fitRows(header, rows, 20, shrink);
    expect([...row![1]!].length).toBe(12);
    expect(row![0]).toBe('3d18a813429a');
  });
});

describe('shorten', () => {
  it('counts characters, not UTF-16 units, and keeps the requested end', () => {
    expect(shorten('ééééé', 3)).toBe('éé…');
    expect(shorten('abcdef', 4, 'end')).toBe('…def');
    expect(shorten('abc', 3)).toBe('abc');
  });
});
