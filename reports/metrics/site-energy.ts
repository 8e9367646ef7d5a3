import { PHASES, energyWh, powerFromCurrentW } from '../../common/units.js';
import type { PerPhase } from '../../common/units.js';

/** One site reading: grid import (+) / export (−) and PV per phase, amperes. Holds until the next. */
export interface SiteEnergySample {
  readonly timeMs: number;
  readonly voltageV: number;
  readonly gridPerPhaseA: PerPhase;
  readonly pvPerPhaseA: PerPhase;
}

/** Energy flows of a site over a run. */
export interface SiteEnergySummary {
  readonly pvWh: number;
  readonly gridImportWh: number;
  readonly gridExportWh: number;
  /** Share of PV energy used on site, (PV − export) / PV; null without PV. */
  readonly pvSelfConsumption: number | null;
}

/**
 * PV self-consumption and grid import/export from site readings (zero-order hold, the last reading
 * until `endMs`). The grid flow is netted over the phases, as a bidirectional three-phase meter does.
 */
export function siteEnergy(samples: readonly SiteEnergySample[], endMs?: number): SiteEnergySummary {
  let pvWh = 0;
  let importWh = 0;
  let exportWh = 0;
  samples.forEach((s, i) => {
    const next = i + 1 < samples.length ? samples[i + 1]!.timeMs : Math.max(endMs ?? s.timeMs, s.timeMs);
    const dt = next - s.timeMs;
    if (dt < 0) throw new Error(`site samples must be in time order (sample ${i + 1})`);
    let gridW = 0;
    let pvW = 0;
    for (const p of PHASES) {
      gridW += powerFromCurrentW(s.gridPerPhaseA[p], 1, s.voltageV);
      pvW += powerFromCurrentW(Math.max(0, s.pvPerPhaseA[p]), 1, s.voltageV);
    }
    pvWh += energyWh(pvW, dt);
    if (gridW > 0) importWh += energyWh(gridW, dt);
    else exportWh += energyWh(-gridW, dt);
  });
  return {
    pvWh,
    gridImportWh: importWh,
    gridExportWh: exportWh,
    pvSelfConsumption: pvWh > 0 ? Math.max(0, pvWh - exportWh) / pvWh : null,
  };
}

/** A session's power at one moment; holds until the session's next sample. */
export interface SessionPowerSample {
  readonly sessionId: string;
  readonly timeMs: number;
  readonly powerW: number;
}

/** Energy delivered per session (Wh) by integrating its power samples; the last holds until `endMs`. */
export function energyPerSession(
  samples: readonly SessionPowerSample[],
  endMs?: number,
): Map<string, number> {
  const bySession = new Map<string, SessionPowerSample[]>();
  for (const s of samples) {
    const list = bySession.get(s.sessionId) ?? [];
    list.push(s);
    bySession.set(s.sessionId, list);
  }
  const out = new Map<string, number>();
  for (const [id, list] of bySession) {
    list.sort((a, b) => a.timeMs - b.timeMs);
    let wh = 0;
    list.forEach((s, i) => {
      const next = i + 1 < list.length ? list[i + 1]!.timeMs : Math.max(endMs ?? s.timeMs, s.timeMs);
      wh += energyWh(Math.max(0, s.powerW), next - s.timeMs);
    });
    out.set(id, wh);
  }
  return out;
}

/** A reading of a session's energy register (Energy.Active.Import.Register), Wh. */
export interface SessionRegisterSample {
  readonly sessionId: string;
  readonly timeMs: number;
  readonly registerWh: number;
}

/** Energy delivered per session (Wh) from register readings: last minus first. */
export function energyFromRegisters(samples: readonly SessionRegisterSample[]): Map<string, number> {
  const span = new Map<string, { first: SessionRegisterSample; last: SessionRegisterSample }>();
  for (const s of samples) {
    const cur = span.get(s.sessionId);
    if (cur === undefined) span.set(s.sessionId, { first: s, last: s });
    else {
      if (s.timeMs < cur.first.timeMs) cur.first = s;
      if (s.timeMs >= cur.last.timeMs) cur.last = s;
    }
  }
  return new Map(
    [...span].map(([id, { first, last }]) => [id, Math.max(0, last.registerWh - first.registerWh)]),
  );
}
