import { describe, expect, it } from 'vitest';
import { parseLsn } from '../../src/db/replica';

describe('a WAL position', () => {
  it('compares as PostgreSQL orders them, the part before the slash first', () => {
    expect(parseLsn('0/3000000')).toBe(0x3000000n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) | 0xb374d848n);
    expect(parseLsn('1/0') > parseLsn('0/FFFFFFFF')).toBe(true);
    expect(parseLsn('a/1f')).toBe(parseLsn('A/1F'));
  });

  it('that is not one is refused with what was given', () => {
    expect(() => parseLsn('16-B374D848')).toThrow(/"16-B374D848" is not a WAL position/);
    expect(() => parseLsn('')).toThrow(/is not a WAL position/);
  });
});
