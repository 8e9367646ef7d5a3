import { describe, expect, it } from 'vitest';
import { MoneyError, addMoney, formatMoney, money, parseDecimal, parseMoney, roundHalfUp } from './money.js';

describe('money', () => {
  it.each([
    [8500, 'INR', '85.00 INR'],
    [5, 'INR', '0.05 INR'],
    [-1234, 'EUR', '-12.34 EUR'],
    [0, 'USD', '0.00 USD'],
    [1500, 'JPY', '1500 JPY'],
    [1234, 'KWD', '1.234 KWD'],
  ])('formats %i %s as %s', (minor, currency, text) => {
    expect(formatMoney(money(minor, currency))).toBe(text);
  });

  it.each([
    ['85.00 INR', 8500, 'INR'],
    ['85 INR', 8500, 'INR'],
    ['85.5', 8550, 'INR'],
    ['  0.07   usd ', 7, 'USD'],
    ['-3.10 EUR', -310, 'EUR'],
    ['1500 JPY', 1500, 'JPY'],
  ])('parses %j', (text, minor, currency) => {
    expect(parseMoney(text)).toEqual({ amountMinor: minor, currency });
  });

  it.each([
    ['85.001 INR', /3 decimal places; use at most 2/],
    ['abc', /decimal number like 85.00/],
    ['85 RUPEES', /three-letter ISO 4217/],
    ['1.5 JPY', /use at most 0/],
    ['', /must look like/],
    ['1 2 3', /must look like/],
  ])('rejects %j with a message saying what to change', (text, message) => {
    expect(() => parseMoney(text)).toThrow(MoneyError);
    expect(() => parseMoney(text)).toThrow(message);
  });

  it('parses numbers through their decimal text, never through float arithmetic', () => {
    expect(parseDecimal(0.29, 2)).toBe(29);
    expect(parseDecimal(1.1, 2)).toBe(110);
    expect(() => parseDecimal(0.125, 2, 'pricePerKwh')).toThrow(/pricePerKwh has 3 decimal places/);
  });

  it('refuses to add different currencies', () => {
    expect(() => addMoney(money(1, 'INR'), money(1, 'EUR'))).toThrow(/cannot combine INR with EUR/);
    expect(addMoney(money(150, 'INR'), money(-50, 'INR'))).toEqual(money(100, 'INR'));
  });

  it('refuses fractional minor units', () => {
    expect(() => money(1.5)).toThrow(/whole number of minor units/);
  });

  it.each([
    [4995n, 10n, 500n],
    [4994n, 10n, 499n],
    [-4995n, 10n, -500n],
    [1n, 2n, 1n],
    [1n, 3n, 0n],
    [2n, 3n, 1n],
    [0n, 7n, 0n],
    [7n, -2n, -4n],
  ])('rounds %i / %i half-up to %i', (n, d, q) => {
    expect(roundHalfUp(n, d)).toBe(q);
  });
});
