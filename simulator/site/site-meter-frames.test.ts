import { describe, expect, it } from 'vitest';
import { Rng } from '../../common/rng.js';
import {
  readSiteMeterFromSampledValues,
  siteMeterSampledValues,
} from '../../common/site-meter-measurands.js';
import { createValidator } from '../../schemas/validator.js';
import type { SampledValue } from '../../schemas/types/ocpp16.js';
import type { SampledValueType } from '../../schemas/types/ocpp201.js';
import { SiteModel } from './site-model.js';
import { loadSite } from './load-site.js';

const validator = createValidator();
const REFERENCE = new URL('../../scenarios/sites/reference-home.json', import.meta.url).pathname;

describe('the reference home meter in MeterValues frames', () => {
  const site = new SiteModel(loadSite(REFERENCE), new Rng(2026).fork('site/reference-home'));
  site.attachCharger('HOME-CP1', 3, 'L1', () => 16);
  site.attachCharger('HOME-CP2', 1, 'L2', () => 32);
  const times = [0, 6, 10, 12.5, 19, 21.5].map((h) => Date.parse('2026-03-01T18:30:00Z') + h * 3_600_000);

  it.each(times)('at %d: 1.6 MeterValues is schema-valid and reads back', (t) => {
    const reading = site.readAt(t);
    const sampledValue: SampledValue[] = siteMeterSampledValues(reading, '1.6', { ownEvPowerW: 11_040 });
    const request = {
      connectorId: 1,
      transactionId: 7,
      meterValue: [{ timestamp: new Date(t).toISOString(), sampledValue }],
    };
    expect(validator.validate('1.6', 'MeterValues', 'request', request)).toEqual({ ok: true });
    const back = readSiteMeterFromSampledValues(sampledValue, { timeMs: t });
    expect(back?.gridPerPhaseA.L2).toBeCloseTo(reading.gridPerPhaseA.L2, 2);
    expect(back?.chargersPerPhaseA.L2).toBeCloseTo(48, 1);
  });

  it.each(times)('at %d: 2.0.1 MeterValues is schema-valid and reads back', (t) => {
    const reading = site.readAt(t);
    const sampledValue: SampledValueType[] = siteMeterSampledValues(reading, '2.0.1');
    const request = { evseId: 1, meterValue: [{ timestamp: new Date(t).toISOString(), sampledValue }] };
    expect(validator.validate('2.0.1', 'MeterValues', 'request', request)).toEqual({ ok: true });
    const back = readSiteMeterFromSampledValues(sampledValue, { timeMs: t });
    expect(back?.pvPerPhaseA.L3).toBeCloseTo(reading.pvPerPhaseA.L3, 2);
  });
});
