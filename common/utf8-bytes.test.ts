import { describe, expect, it } from 'vitest';
import { utf8BytesOver } from './utf8-bytes.js';

describe('utf8BytesOver', () => {
  it.each<[string, string, number, number | undefined]>([
    ['short ASCII', 'abc', 3, undefined],
    ['ASCII one byte over', 'abcd', 3, 4],
    ['ASCII far below the limit', 'x'.repeat(1000), 65_536, undefined],
    ['ASCII at the limit', 'x'.repeat(100), 100, undefined],
    ['ASCII one over the limit', 'x'.repeat(101), 100, 101],
    ['two-byte letters at the limit', 'é'.repeat(50), 100, undefined],
    ['two-byte letters over the limit', 'é'.repeat(51), 100, 102],
    ['three-byte letters over the limit', '€'.repeat(34), 100, 102],
    ['a surrogate pair is four bytes', '😀'.repeat(26), 100, 104],
  ])('%s', (_name, text, max, expected) => {
    expect(utf8BytesOver(text, max)).toBe(expected);
    const bytes = Buffer.byteLength(text, 'utf8');
    expect(utf8BytesOver(text, max)).toBe(bytes > max ? bytes : undefined);
  });
});
