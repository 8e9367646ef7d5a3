import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { jsonBytesAtMost, jsonCopy } from './json-copy.js';
import { Rng } from './rng.js';

/** What the text round trip gives. */
const viaText = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

/** Every object and array reachable from `value`. */
function objectsIn(value: unknown, into = new Set<object>()): Set<object> {
  if (typeof value === 'object' && value !== null) {
    into.add(value);
    for (const v of Object.values(value)) objectsIn(v, into);
  }
  return into;
}

/** Holds when the copy is exactly the text round trip and shares no object with the original. */
function expectFaithful(value: unknown, copy: unknown): void {
  expect(isDeepStrictEqual(copy, viaText(value))).toBe(true);
  expect(JSON.stringify(copy)).toBe(JSON.stringify(value));
  const original = objectsIn(value);
  for (const o of objectsIn(copy)) expect(original.has(o)).toBe(false);
}

/** A 1.6 MeterValues payload as a station builds it (one property left undefined). */
function aMeterValuesPayload() {
  return {
    connectorId: 1,
    transactionId: 7,
    meterValue: [
      {
        timestamp: '2026-12-05T10:00:10.000Z',
        sampledValue: [
          { value: '1234.5', measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
          { value: '16.00', measurand: 'Current.Import', unit: 'A', phase: 'L1', location: undefined },
        ],
      },
    ],
  };
}

class Reading {
  constructor(readonly value = 1) {}
}

/** A random value of the kinds frames are built from, with now and then one JSON transforms. */
function randomValue(rng: Rng, depth: number): unknown {
  const odd = [undefined, Number.NaN, -0, Infinity, new Date(0), new Reading(), () => 1, Symbol('s')];
  const pick = rng.int(0, depth > 3 ? 4 : 7);
  switch (pick) {
    case 0:
      return rng.chance(0.5) ? 'text' : `t${rng.int(0, 99)}`;
    case 1:
      return rng.uniform(-1000, 1000);
    case 2:
      return rng.chance(0.5);
    case 3:
      return null;
    case 4:
      return rng.chance(0.97) ? rng.int(0, 10) : odd[rng.int(0, odd.length - 1)];
    case 5:
    case 6:
      return Array.from({ length: rng.int(0, 4) }, () => randomValue(rng, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = rng.int(0, 5); i > 0; i--) out[`k${rng.int(0, 9)}`] = randomValue(rng, depth + 1);
      if (rng.chance(0.1)) out['5'] = 'an integer key, listed first by both';
      return out;
    }
  }
}

describe('jsonCopy', () => {
  it('copies a MeterValues payload as JSON.parse reads its text, sharing nothing', () => {
    const payload = aMeterValuesPayload();
    const copy = jsonCopy(payload);
    expect(copy).not.toBeUndefined();
    expectFaithful(payload, copy);
    expect(Object.keys((copy as typeof payload).meterValue[0]!.sampledValue[1]!)).not.toContain('location');
  });

  it('turns -0 into 0 and leaves out undefined properties, as the text does', () => {
    const copy = jsonCopy({ a: -0, b: undefined, c: [0, -0] });
    expect(Object.is((copy as { a: number }).a, 0)).toBe(true);
    expectFaithful({ a: -0, b: undefined, c: [0, -0] }, copy);
  });

  it.each([
    ['a Date', { at: new Date(0) }],
    ['a class instance', { r: new Reading() }],
    ['an own toJSON', { v: { toJSON: () => 'x' } }],
    ['NaN', { v: Number.NaN }],
    ['Infinity', { v: [Infinity] }],
    ['a function', { f: () => 1 }],
    ['a symbol', { s: Symbol('s') }],
    ['a bigint', { n: 1n }],
    ['undefined in an array', { a: [1, undefined] }],
    ['a hole in an array', { a: [1, , 3] }], // eslint-disable-line no-sparse-arrays
    ['a __proto__ key', JSON.parse('{"__proto__": {"polluted": true}}') as unknown],
  ])('gives undefined for %s, which JSON transforms', (_name, value) => {
    expect(jsonCopy(value)).toBeUndefined();
  });

  it('gives undefined, rather than throwing, for a value nested deeper than its recursion reaches', () => {
    const deep: Record<string, unknown> = {};
    let level = deep;
    for (let i = 0; i < 100_000; i++) level = level['a'] = {};
    expect(jsonCopy(deep)).toBeUndefined();
  });

  it('copies objects without a prototype', () => {
    const value = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1, b: [true] });
    expectFaithful(value, jsonCopy(value));
  });

  it('over 2,000 random values, either gives the text round trip or undefined where JSON transforms', () => {
    const rng = new Rng('json-copy');
    let copied = 0;
    for (let i = 0; i < 2000; i++) {
      const value = { payload: randomValue(rng, 0) };
      const copy = jsonCopy(value);
      if (copy === undefined) {
        // JSON would change something: the text round trip differs from a plain structural copy.
        expect(isDeepStrictEqual(viaText(value), value)).toBe(false);
      } else {
        copied++;
        expectFaithful(value, copy);
      }
    }
    expect(copied).toBeGreaterThan(1500);
  });
});

describe('jsonBytesAtMost', () => {
  const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

  it.each([
    ['plain text', 'Energy.Active.Import.Register'],
    ['quotes, backslashes and control characters', 'a"b\\c\n\u0001\u001f'],
    ['two- and three-byte characters', 'é€漢'.repeat(20)],
    ['characters outside the BMP', '😀🚗'.repeat(20)],
    ['lone surrogates, which JSON escapes', '\ud800x\udfff'],
    ['the longest number', -1.2345678901234567e-308],
    ['another of the longest', -1.7976931348623157e308],
    ['true', true],
    ['false', false],
    ['null', null],
    ['an array of control characters', ['\u0001', '\u0002', '\u0003']],
    ['an object whose keys and values are control characters', { '\u0001': '\u0001', '\u0002': '\u0002' }],
  ])('is at least the UTF-8 size of the text of %s', (_name, value) => {
    expect(jsonBytesAtMost(value)).toBeGreaterThanOrEqual(bytes(value));
  });

  it('over 2,000 random values JSON keeps as they are, is never below the size of their text', () => {
    const rng = new Rng('json-bytes');
    let checked = 0;
    for (let i = 0; i < 2000; i++) {
      const copy = jsonCopy({ payload: randomValue(rng, 0), text: 'é😀"\\'.slice(rng.int(0, 4)) });
      if (copy === undefined) continue;
      checked++;
      expect(jsonBytesAtMost(copy)).toBeGreaterThanOrEqual(bytes(copy));
    }
    expect(checked).toBeGreaterThan(1500);
  });

  it('is within a small multiple of the text for a MeterValues payload', () => {
    const copy = jsonCopy(aMeterValuesPayload());
    expect(jsonBytesAtMost(copy) / bytes(copy)).toBeLessThan(8);
  });
});
