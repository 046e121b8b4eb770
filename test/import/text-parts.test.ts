import { describe, expect, it } from 'vitest';
import { textParts } from '../../src/import/writer';

/** A source's text is written a part at a time (migration 1764460800009): the parts joined must be the text. */
describe("a source's text in parts", () => {
  it('cuts a text into consecutive parts of at most the size asked, which joined are the text', () => {
    const text = 'Kvalifiseringsprogrammet: 34 % gikk til arbeid.\n'.repeat(5);
    const parts = [...textParts(text, 64)];
    expect(parts.join('')).toBe(text);
    expect(parts.map((p) => p.length)).toEqual([64, 64, 64, 48]);
  });

  it('never splits a character written as a surrogate pair, which PostgreSQL would refuse half of', () => {
    // The emoji's two UTF-16 units fall on either side of the fourth unit.
    const text = 'abc😀def';
    const parts = [...textParts(text, 4)];
    expect(parts).toEqual(['abc', '😀de', 'f']);
    expect(parts.join('')).toBe(text);
    for (const part of parts) expect(part).toBe(Buffer.from(part, 'utf8').toString('utf8'));
  });

  it('gives one part for a short text and none for an empty one', () => {
    expect([...textParts('Bodø', 1 << 20)]).toEqual(['Bodø']);
    expect([...textParts('', 1 << 20)]).toEqual([]);
  });

  it('refuses a part size that could not hold a surrogate pair', () => {
    expect(() => [...textParts('abc', 1)]).toThrow(RangeError);
  });
});
