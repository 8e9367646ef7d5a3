import type { Rng } from '../../common/rng.js';
import type { OcppVersion } from '../../common/ocpp-version.js';
import { DEFAULT_VOLTAGE_V, PHASES, currentFromPowerA, energyWh, perPhaseOf } from '../../common/units.js';
import type { PerPhase, Phase } from '../../common/units.js';
import type { CaseCollector } from '../case-collector.js';
import { SyntheticFrames } from './synthetic-frames.js';

/** A charger of the synthetic site: 1-phase, on one phase of the supply. */
export interface DayCharger {
  readonly id: string;
  readonly phase: Phase;
  readonly version: OcppVersion;
  readonly maxA: number;
}

/** What the synthetic day simulates. */
export interface DaySpec {
  readonly rng: Rng;
  readonly startMs: number;
  readonly hours: number;
  readonly stepS: number;
  readonly fuseA: number;
  readonly pvPeakW: number;
  readonly strategy: 'equal-share' | 'priority' | 'pv-surplus';
  readonly chargers: readonly DayCharger[];
  /** The grid limit drops at this hour; the strategy takes `reactionMin` minutes to follow. */
  readonly limitDrop?: { readonly atHour: number; readonly toA: number; readonly reactionMin: number };
  /** The last charger sends broken frames. */
  readonly faulty?: boolean;
  /** Roll a firmware update out at 02:00; the third charger fails to install. */
  readonly firmware?: boolean;
}

interface Ev {
  readonly id: string;
  readonly arriveH: number;
  readonly capacityWh: number;
  socPct: number;
  readonly startSocPct: number;
  readonly targetPct: number;
  deliveredWh: number;
  allocatedA: number;
  drawA: number;
}

const DLB_CYCLE_MS = 60_000;
const METER_VALUES_MS = 300_000;

/**
 * Drives a case collector through a seeded synthetic day at a home site: PV, home load, EVs that
 * arrive and charge under a simple strategy, the frames such a day exchanges, firmware, billing.
 * Realistic enough to fill every chart of the report; it models nothing the harness relies on.
 */
export function simulateDay(c: CaseCollector, spec: DaySpec): void {
  const { rng, startMs, stepS } = spec;
  const v = DEFAULT_VOLTAGE_V;
  const stepMs = stepS * 1000;
  const endMs = startMs + spec.hours * 3_600_000;
  c.defineCircuit('main', 'Main fuse', spec.fuseA);
  const panelChargers = spec.chargers.filter((k) => k.phase === 'L1');
  c.defineCircuit('garage', 'Garage sub-panel', 32);
  const frames = new Map(
    spec.chargers.map((k) => [k.id, new SyntheticFrames(k.id, k.version, (r) => c.recordFrame(r))]),
  );
  const evs = new Map<string, Ev>(
    spec.chargers.map((k, i) => {
      const startSocPct = rng.uniform(15, 40);
      return [
        k.id,
        {
          id: `EV-${i + 1}`,
          arriveH: [0.5, 17.5, 18, 19, 20][i % 5]! + rng.uniform(0, 0.5),
          capacityWh: rng.pick([40_000, 60_000, 77_000]),
          socPct: startSocPct,
          startSocPct,
          targetPct: 90,
          deliveredWh: 0,
          allocatedA: 0,
          drawA: 0,
        },
      ];
    }),
  );
  for (const k of spec.chargers) {
    frames
      .get(k.id)!
      .exchange(
        startMs,
        'station->csms',
        'BootNotification',
        { chargePointVendor: 'Synthetic', chargePointModel: 'Home 7' },
        { status: 'Accepted', currentTime: new Date(startMs).toISOString(), interval: 300 },
      );
  }
  let cloud = 0.2;
  let limitA = spec.fuseA;
  let strategyLimitA = spec.fuseA;
  for (let t = startMs; t <= endMs; t += stepMs) {
    const h = (t - startMs) / 3_600_000;
    cloud = Math.min(1, Math.max(0, cloud + rng.normal(0, 0.03)));
    const pvW = spec.pvPeakW * Math.max(0, Math.sin((Math.PI * (h - 6)) / 12)) * (1 - 0.5 * cloud);
    const homeW = Math.min(
      8000,
      Math.max(
        3000,
        3000 +
          2500 * Math.exp(-((h - 8) ** 2) / 2) +
          4000 * Math.exp(-((h - 20) ** 2) / 3) +
          rng.normal(0, 250),
      ),
    );
    const homeA: PerPhase = {
      L1: currentFromPowerA(homeW * 0.45, 1, v),
      L2: currentFromPowerA(homeW * 0.3, 1, v),
      L3: currentFromPowerA(homeW * 0.25, 1, v),
    };
    const pvA = perPhaseOf(currentFromPowerA(pvW, 3, v));
    if (spec.limitDrop !== undefined && h >= spec.limitDrop.atHour && limitA !== spec.limitDrop.toA) {
      limitA = spec.limitDrop.toA;
      c.setCircuitLimit('main', t, limitA);
    }
    if (spec.limitDrop !== undefined && h >= spec.limitDrop.atHour + spec.limitDrop.reactionMin / 60)
      strategyLimitA = limitA;
    const present = (k: DayCharger): boolean => {
      const ev = evs.get(k.id)!;
      return h >= ev.arriveH && ev.socPct < ev.targetPct;
    };
    if ((t - startMs) % DLB_CYCLE_MS === 0) {
      allocate(spec, evs, present, homeA, pvA, strategyLimitA);
      c.recordAllocation(
        t,
        spec.chargers.map((k) => ({ chargerId: k.id, powerW: evs.get(k.id)!.allocatedA * v })),
      );
      c.recordShares(
        t,
        spec.chargers
          .filter(present)
          .map((k) => ({ sessionId: k.id, allocatedA: evs.get(k.id)!.allocatedA, demandA: k.maxA })),
      );
    }
    const chargersA: PerPhase = { L1: 0, L2: 0, L3: 0 };
    for (const k of spec.chargers) {
      const ev = evs.get(k.id)!;
      chargersA[k.phase] += ev.drawA;
      const wh = energyWh(ev.drawA * v, stepMs);
      ev.deliveredWh += wh;
      ev.socPct = Math.min(100, ev.socPct + (100 * wh) / ev.capacityWh);
      c.recordSoc(t, ev.id, h >= ev.arriveH ? Number(ev.socPct.toFixed(2)) : null);
      const fr = frames.get(k.id)!;
      if (ev.drawA > 0 && (t - startMs) % METER_VALUES_MS === 0) {
        const bad =
          spec.faulty === true && k === spec.chargers[spec.chargers.length - 1] && Math.floor(h) % 3 === 0;
        fr.exchange(
          t,
          'station->csms',
          'MeterValues',
          {
            connectorId: 1,
            meterValue: [
              {
                timestamp: bad ? 'soon</script><b>' : new Date(t).toISOString(),
                sampledValue: [
                  {
                    value: String(Math.round(ev.deliveredWh)),
                    measurand: 'Energy.Active.Import.Register',
                    unit: 'Wh',
                  },
                ],
              },
            ],
          },
          {},
          bad
            ? {
                violations: [
                  {
                    pointer: '/meterValue/0/timestamp',
                    message: 'must be a date-time (RFC 3339), e.g. 2026-06-01T12:00:00Z',
                    kind: 'bad-format',
                  },
                ],
              }
            : {},
        );
      }
      const react = ev.allocatedA;
      ev.drawA = react;
    }
    const gridA: PerPhase = { L1: 0, L2: 0, L3: 0 };
    for (const p of PHASES) gridA[p] = homeA[p] + chargersA[p] - pvA[p];
    c.recordSite({
      timeMs: t,
      voltageV: v,
      gridPerPhaseA: gridA,
      homePerPhaseA: homeA,
      pvPerPhaseA: pvA,
      chargersPerPhaseA: chargersA,
    });
    const panelA = panelChargers.reduce((s, k) => s + evs.get(k.id)!.drawA, 0);
    c.recordCircuit('garage', t, { L1: panelA, L2: 0, L3: 0 });
    if (spec.faulty === true && t - startMs === 7_200_000)
      frames
        .get(spec.chargers[spec.chargers.length - 1]!.id)!
        .malformed(t, '[2, "x", "Heartbeat", {}</script><script>alert(1)</script>');
  }
  if (spec.firmware === true) firmwareCampaign(c, spec, frames);
  billing(c, spec, evs, endMs);
}

function allocate(
  spec: DaySpec,
  evs: Map<string, Ev>,
  present: (k: DayCharger) => boolean,
  homeA: PerPhase,
  pvA: PerPhase,
  limitA: number,
): void {
  for (const phase of PHASES) {
    const onPhase = spec.chargers.filter((k) => k.phase === phase);
    let availA =
      spec.strategy === 'pv-surplus' ? pvA[phase] - homeA[phase] : limitA - homeA[phase] + pvA[phase] - 1;
    const active = onPhase.filter(present);
    for (const k of onPhase) evs.get(k.id)!.allocatedA = 0;
    if (spec.strategy === 'priority') {
      for (const k of active) {
        const a = Math.min(k.maxA, Math.max(0, availA));
        evs.get(k.id)!.allocatedA = a >= 6 ? Math.floor(a) : 0;
        availA -= evs.get(k.id)!.allocatedA;
      }
    } else if (active.length > 0) {
      const share = Math.max(0, availA) / active.length;
      for (const k of active)
        evs.get(k.id)!.allocatedA = share >= 6 ? Math.floor(Math.min(k.maxA, share)) : 0;
    }
  }
}

function firmwareCampaign(c: CaseCollector, spec: DaySpec, frames: Map<string, SyntheticFrames>): void {
  spec.chargers.forEach((k, i) => {
    const t0 = spec.startMs + 2 * 3_600_000 + i * 600_000;
    const fr = frames.get(k.id)!;
    fr.exchange(
      t0,
      'csms->station',
      'UpdateFirmware',
      { location: 'ftp://updates.invalid/fw-2.4.1.bin', retrieveDate: new Date(t0).toISOString() },
      {},
    );
    const failed = i === 2;
    const steps: [number, string][] = [
      [60_000, 'Downloading'],
      [300_000, 'Downloaded'],
      [360_000, 'Installing'],
      [540_000, failed ? 'InstallationFailed' : 'Installed'],
    ];
    for (const [dt, status] of steps) {
      c.recordFirmware({
        timeMs: t0 + dt,
        chargerId: k.id,
        status,
        version: '2.4.1',
        ...(status === 'InstallationFailed' ? { detail: 'checksum mismatch' } : {}),
      });
      fr.exchange(t0 + dt, 'station->csms', 'FirmwareStatusNotification', { status }, {});
    }
  });
}

function billing(c: CaseCollector, spec: DaySpec, evs: Map<string, Ev>, endMs: number): void {
  const pricePerKwhMinor = 1250;
  let wallet = 150_000;
  spec.chargers.forEach((k, i) => {
    const ev = evs.get(k.id)!;
    if (ev.deliveredWh <= 0) return;
    const amount = Math.round((ev.deliveredWh * pricePerKwhMinor) / 1000);
    const refused = amount > wallet;
    if (!refused) wallet -= amount;
    c.recordBilling({
      sessionId: `S-${i + 1}`,
      chargerId: k.id,
      user: ['Asha', 'Ravi <admin>', 'Meera & Co', 'Dev', 'Kiran'][i % 5]!,
      startedAtMs: spec.startMs + Math.round(ev.arriveH * 3_600_000),
      endedAtMs: endMs,
      energyWh: Math.round(ev.deliveredWh),
      amount: { minorUnits: refused ? 0 : amount, currency: 'INR' },
      status: refused ? 'refused: insufficient balance' : 'billed',
      walletAfter: { minorUnits: wallet, currency: 'INR' },
    });
    c.recordEvEnergy({
      evId: ev.id,
      requestedWh: ((ev.targetPct - ev.startSocPct) / 100) * ev.capacityWh,
      deliveredWh: ev.deliveredWh,
    });
  });
}
