import { describe, expect, it } from 'vitest';
import { SiteTime } from './site-time.js';

describe('SiteTime', () => {
  it.each([
    ['Asia/Kolkata', '2026-03-01T18:30:00Z', 0, '2026-03-01T18:30:00.000Z'],
    ['Asia/Kolkata', '2026-03-02T06:45:00Z', 12.25, '2026-03-01T18:30:00.000Z'],
    ['Europe/Berlin', '2026-03-29T00:59:00Z', 1 + 59 / 60, '2026-03-28T23:00:00.000Z'],
    ['Europe/Berlin', '2026-03-29T01:00:00Z', 3, '2026-03-28T23:00:00.000Z'],
    ['Europe/Berlin', '2026-10-25T00:30:00Z', 2.5, '2026-10-24T22:00:00.000Z'],
    ['Europe/Berlin', '2026-10-25T01:30:00Z', 2.5, '2026-10-24T22:00:00.000Z'],
    ['UTC', '2026-06-01T23:59:00Z', 23 + 59 / 60, '2026-06-01T00:00:00.000Z'],
  ])('%s at %s is local hour %d, the day starting %s', (zone, utc, hour, midnight) => {
    const time = new SiteTime(zone);
    const t = Date.parse(utc);
    expect(time.localHour(t)).toBeCloseTo(hour, 9);
    expect(new Date(time.localMidnightMs(t)).toISOString()).toBe(midnight);
    expect(time.localDay(t)).toBe(time.localDay(time.localMidnightMs(t)));
  });

  it('rejects a zone that is not IANA', () => {
    expect(() => new SiteTime('Mars/Olympus')).toThrow(/not an IANA time zone/);
  });
});
