import { expect, it } from 'vitest';
import { StationConfig } from './station-config.js';

const aConfig = (): StationConfig => new StationConfig({ numberOfConnectors: 1 });

it('a measurand list read on every sample follows ChangeConfiguration', () => {
  const config = aConfig();
  expect(config.getList('MeterValuesSampledData')).toEqual([
    'Energy.Active.Import.Register',
    'Power.Active.Import',
    'Current.Import',
    'Voltage',
    'SoC',
  ]);
  expect(config.change('MeterValuesSampledData', ' SoC , Voltage,')).toBe('Accepted');
  expect(config.getList('MeterValuesSampledData')).toEqual(['SoC', 'Voltage']);
  expect(config.change('MeterValuesSampledData', 'Temperature')).toBe('Rejected');
  expect(config.getList('MeterValuesSampledData')).toEqual(['SoC', 'Voltage']);
});

it('a measurand list set from inside the station is read back at once', () => {
  const config = aConfig();
  expect(config.getList('StopTxnSampledData')).toEqual(['Energy.Active.Import.Register']);
  config.setInternal('StopTxnSampledData', 'Current.Offered');
  expect(config.getList('StopTxnSampledData')).toEqual(['Current.Offered']);
  config.setInternal('StopTxnSampledData', '');
  expect(config.getList('StopTxnSampledData')).toEqual([]);
});

it('a measurand list handed out cannot be changed by its reader', () => {
  const list = aConfig().getList('MeterValuesSampledData') as string[];
  expect(() => list.push('Current.Offered')).toThrow(TypeError);
});
