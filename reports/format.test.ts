import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeXmlAttribute, escapeXmlText, jsonForScript, plotlyText } from './escape.js';
import { formatDuration, formatMoney, formatNumber, formatSiteTime } from './format.js';

describe('escaping', () => {
  it.each([
    ['<b>&"\'', '&lt;b&gt;&amp;&quot;&#39;'],
    ['plain', 'plain'],
  ])('escapeHtml(%j)', (text, html) => expect(escapeHtml(text)).toBe(html));

  it.each([
    ['a<b>&c', 'a&lt;b&gt;&amp;c', 'a&lt;b&gt;&amp;c'],
    ['say "hi"\n\tthere', 'say "hi"\n\tthere', 'say &quot;hi&quot;&#10;&#9;there'],
    ['bell\u0007 nul\u0000 \uFFFE', 'bell\\u0007 nul\\u0000 \\ufffe', 'bell\\u0007 nul\\u0000 \\ufffe'],
    ['emoji \u{1F50C} stays', 'emoji \u{1F50C} stays', 'emoji \u{1F50C} stays'],
  ])('XML text and attribute of %j', (text, content, attribute) => {
    expect(escapeXmlText(text)).toBe(content);
    expect(escapeXmlAttribute(text)).toBe(attribute);
  });

  it('keeps JSON inside a script element inert and still parseable', () => {
    const value = { s: '</script><!-- & \u2028' };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(json)).toEqual(value);
  });

  it('shows markup in plotly labels literally', () => {
    expect(plotlyText('<b>CP1</b> & co')).toBe('&lt;b&gt;CP1&lt;/b&gt; &amp; co');
  });
});

describe('formatting', () => {
  it.each([
    [{ minorUnits: 8500, currency: 'INR' }, '85.00 INR'],
    [{ minorUnits: 5, currency: 'EUR' }, '0.05 EUR'],
    [{ minorUnits: -1234, currency: 'USD' }, '-12.34 USD'],
    [{ minorUnits: 500, currency: 'JPY' }, '500 JPY'],
    [{ minorUnits: 1234, currency: 'KWD' }, '1.234 KWD'],
  ])('money %j as %s', (amount, text) => expect(formatMoney(amount)).toBe(text));

  it.each([
    [12, '12 ms'],
    [4250, '4.250 s'],
    [123_000, '2m 03s'],
    [3_723_000, '1h 02m 03s'],
  ])('duration %i ms as %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  it.each([
    [42, '42'],
    [123.456, '123.5'],
    [1.23456, '1.23'],
    [0.98765, '0.988'],
  ])('number %d as %s', (n, text) => expect(formatNumber(n)).toBe(text));

  it('shows site time in the site zone', () => {
    expect(formatSiteTime(Date.UTC(2026, 5, 1, 12, 30), 'Asia/Kolkata')).toBe('2026-06-01 18:00:00');
    expect(formatSiteTime(Date.UTC(2026, 5, 1, 12, 30))).toBe('2026-06-01 12:30:00');
  });
});
