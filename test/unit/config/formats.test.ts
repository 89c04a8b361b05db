import { describe, expect, it } from 'vitest';
import { parseMemory, parseVolume } from '../../../src/shared/config-formats';

describe('config value formats', () => {
  it.each([
    ['512m', 512 * 1024 ** 2],
    ['4g', 4 * 1024 ** 3],
    ['4G', 4 * 1024 ** 3],
    ['1.5g', 1.5 * 1024 ** 3],
    ['2gb', 2 * 1024 ** 3],
    ['1048576', 1048576],
    ['lots', undefined],
    ['-1g', undefined],
    ['4 gigs', undefined],
  ])('memory %s → %s bytes', (input, bytes) => {
    expect(parseMemory(input)).toBe(bytes);
  });

  it('parses host:container[:ro|rw] volumes, Windows drive letters included', () => {
    expect(parseVolume('/a:/b')).toEqual({ source: '/a', target: '/b', readonly: false });
    expect(parseVolume('./a:b:ro')).toEqual({ source: './a', target: 'b', readonly: true });
    expect(parseVolume('~/x:/y:rw')).toEqual({ source: '~/x', target: '/y', readonly: false });
    expect(parseVolume('C:\\data:/data:ro')).toEqual({
      source: 'C:\\data',
      target: '/data',
      readonly: true,
    });
    expect(parseVolume('/a')).toHaveProperty('error');
    expect(parseVolume('/a:/b:ro:x')).toHaveProperty('error');
    expect(parseVolume(':/b')).toHaveProperty('error');
    expect(parseVolume('/a:/b:z')).toEqual({
      error: 'expected the mode "ro" or "rw" after the second colon, got "z"',
    });
  });
});
