import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from './transactions-csv.js';

describe('CSV fields', () => {
  it.each<[string | number | null, string]>([
    ['CP001', 'CP001'],
    [null, ''],
    [4000, '4000'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1', "'+1"],
    ['-50.00', "'-50.00"],
    ['@SUM(A1)', "'@SUM(A1)"],
  ])('%j -> %s', (value, text) => {
    expect(csvField(value)).toBe(text);
  });

  it('ends lines with CRLF', () => {
    expect(csvLine([1, 'CP', null])).toBe('1,CP,\r\n');
  });
});
