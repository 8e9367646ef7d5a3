import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSite, parseSite, SiteConfigError } from './load-site.js';
import type { SiteConfig } from './site-config.js';

const REFERENCE = fileURLToPath(new URL('../../scenarios/sites/reference-home.json', import.meta.url));

/** A valid small site; tests break one field at a time. */
function aSite(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'test-site',
    timeZone: 'Asia/Kolkata',
    voltageV: 230,
    phases: 3,
    mainFuseA: 60,
    pv: { peakPowerW: 5000 },
    home: { minPowerW: 3000, maxPowerW: 8000 },
    chargers: [{ id: 'CP1', version: '1.6', maxCurrentA: 32, phases: 3 }],
    ...overrides,
  };
}

describe('loadSite', () => {
  it('loads the reference home: 60 A, 3 phases, 230 V, 10 kWp PV, 3-8 kW home, Asia/Kolkata', () => {
    const site: SiteConfig = loadSite(REFERENCE);
    expect(site).toMatchObject({
      mainFuseA: 60,
      phases: 3,
      voltageV: 230,
      timeZone: 'Asia/Kolkata',
      pv: { peakPowerW: 10_000 },
      home: { minPowerW: 3000, maxPowerW: 8000 },
    });
    expect(site.chargers.filter((c) => c.meterStation === true)).toHaveLength(1);
  });

  const sitesDir = fileURLToPath(new URL('../../scenarios/sites/', import.meta.url));
  it.each(readdirSync(sitesDir).filter((f) => f.endsWith('.json')))(
    'scenarios/sites/%s is a valid site',
    (file) => {
      const site = loadSite(join(sitesDir, file));
      expect(`${site.id}.json`).toBe(file);
    },
  );

  it('says which file is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'site-'));
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ "id": ');
    expect(() => loadSite(file)).toThrow(new RegExp(`site file ${file} is not valid JSON`));
  });

  it('says which file cannot be read', () => {
    expect(() => loadSite('/nonexistent/site.json')).toThrow(
      /cannot read site file \/nonexistent\/site.json/,
    );
  });

  it.each([
    [aSite({ mainFuseA: undefined }), /add the required field "mainFuseA"/],
    [aSite({ fuse: 60 }), /unknown field "fuse" \(remove it or check its spelling\)/],
    [aSite({ phases: 2 }), /phases must be one of 1, 3/],
    [aSite({ voltageV: '230' }), /voltageV must be of type number/],
    [aSite({ pv: { peakPowerW: -1 } }), /pv\.peakPowerW must be >= 0/],
    [
      aSite({ chargers: [{ id: 'CP1', version: '1.5', maxCurrentA: 32, phases: 3 }] }),
      /chargers\.0\.version must be one of "1\.6", "2\.0\.1"/,
    ],
    [aSite({ timeZone: 'India/Delhi' }), /timeZone "India\/Delhi" is not an IANA time zone/],
    [
      aSite({ home: { minPowerW: 5000, maxPowerW: 3000 } }),
      /home\.maxPowerW \(3000\) must be >= home\.minPowerW/,
    ],
    [
      aSite({
        chargers: [
          { id: 'CP1', version: '1.6', maxCurrentA: 32, phases: 3 },
          { id: 'CP1', version: '2.0.1', maxCurrentA: 16, phases: 1 },
        ],
      }),
      /chargers\.1\.id "CP1" is used twice/,
    ],
    [
      aSite({ phases: 1, chargers: [{ id: 'CP1', version: '1.6', maxCurrentA: 32, phases: 3 }] }),
      /chargers\.0\.phases is 3 but the site has 1 phase: set it to 1/,
    ],
    [
      aSite({
        chargers: [
          { id: 'A', version: '1.6', maxCurrentA: 32, phases: 3, meterStation: true },
          { id: 'B', version: '1.6', maxCurrentA: 32, phases: 3, meterStation: true },
        ],
      }),
      /only one charger may have meterStation: true \(found 2\)/,
    ],
    [aSite({ evs: { cars: ['Flying Car'] } }), /evs\.cars\.0 "Flying Car" is not a known car type/],
    [
      aSite({ pv: { peakPowerW: 1000, sunriseHour: 19, sunsetHour: 7 } }),
      /pv\.sunsetHour \(7\) must be later/,
    ],
  ])('rejects a bad site (%#) naming the field', (site, message) => {
    expect(() => parseSite(site, 'my-site.json')).toThrow(SiteConfigError);
    expect(() => parseSite(site, 'my-site.json')).toThrow(message);
    expect(() => parseSite(site, 'my-site.json')).toThrow(/^my-site.json is not a valid site/);
  });

  it('accepts a minimal site and returns a copy', () => {
    const raw = aSite();
    const site = parseSite(raw);
    expect(site).toEqual(raw);
    expect(site).not.toBe(raw);
  });
});
