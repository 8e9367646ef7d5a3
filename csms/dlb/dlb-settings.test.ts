import { describe, expect, it } from 'vitest';
import { DEFAULT_DLB_SETTINGS, DlbSettingsError, resolveDlbSettings } from './dlb-settings.js';
import type { DlbSettingsInput } from './dlb-settings.js';

describe('resolveDlbSettings', () => {
  it('fills defaults and merges partial modes and PV settings', () => {
    const s = resolveDlbSettings({ modes: { pvDynamic: true }, pv: { enableDelayMs: 0 } });
    expect(s.modes).toEqual({ ...DEFAULT_DLB_SETTINGS.modes, pvDynamic: true });
    expect(s.pv).toEqual({ ...DEFAULT_DLB_SETTINGS.pv, enableDelayMs: 0 });
    expect(s.safetyMargin).toBe(0.05);
  });

  it.each<{ input: DlbSettingsInput; message: RegExp }>([
    { input: { safetyMargin: 5 }, message: /safetyMargin: must be a number between 0 and 0\.9, got 5/ },
    { input: { modes: { turbo: true } as never }, message: /modes\.turbo: unknown mode/ },
    { input: { modes: { extreme: 'yes' as never } }, message: /modes\.extreme: must be true or false/ },
    {
      input: { pv: { disableThresholdW: 5000 } },
      message: /pv\.disableThresholdW: must not exceed pv\.enableThresholdW/,
    },
    {
      input: { nightWindow: { from: '25:00', to: '06:00' } },
      message: /nightWindow\.from: expected a time of day "HH:mm"/,
    },
    {
      input: { timeOfUse: [{ from: '18:00', to: '22:00', factor: 2 }] },
      message: /timeOfUse\[0\]\.factor: must be a number between 0 and 1/,
    },
    {
      input: { timeOfUse: [{ from: '18:00', to: '22:00', factor: 0.5, days: [0] }] },
      message: /timeOfUse\[0\]\.days/,
    },
    { input: { priorityWeights: { vip: 0 } }, message: /priorityWeights\.vip/ },
  ])('rejects $input naming the field', ({ input, message }) => {
    expect(() => resolveDlbSettings(input)).toThrow(DlbSettingsError);
    expect(() => resolveDlbSettings(input)).toThrow(message);
  });
});
