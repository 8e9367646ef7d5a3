import { EV_CATALOG } from '../../simulator/ev/ev-catalog.js';
import { createEv } from '../../simulator/ev/ev-model.js';
import type { EvModel } from '../../simulator/ev/ev-model.js';
import { ScenarioInputError } from './run-context.js';
import type { ScenarioSim } from './scenario-sim.js';
import type { TrackedEv } from './site-sampler.js';

/** What an EV that arrives wants. */
export interface ArrivalRequest {
  readonly chargerId: string;
  /** Energy it wants from the grid, Wh. */
  readonly wantedWh: number;
  /** When it arrives, epoch ms (now or later). */
  readonly atMs: number;
  /** The idTag / idToken presented; default one accepted tag per EV. */
  readonly token?: string;
  /** How long it stays, ms (default a day). */
  readonly stayMs?: number;
}

const DAY_MS = 86_400_000;

/**
 * Brings a seeded EV (a car type drawn from the catalogue) to a charger at `atMs`: it plugs in and
 * presents its tag. Its arrival and target state of charge are chosen so that it wants
 * `wantedWh` from the grid (kept below the charge curve's knee when it fits), so the energy it
 * asks for is exactly what the scenario said, up to a full battery.
 * @returns the EV's id
 */
export async function arriveEv(sim: ScenarioSim, req: ArrivalRequest): Promise<string> {
  sim.station(req.chargerId);
  if (!(req.wantedWh > 0))
    throw new ScenarioInputError(`an EV must want some energy, got ${req.wantedWh} Wh`);
  const busy = sim.evs.some((e) => e.chargerId === req.chargerId && e.leftAtMs === undefined);
  if (busy) {
    throw new ScenarioInputError(
      `charger "${req.chargerId}" already has an EV plugged in; let it leave first ("When the EV at charger "${req.chargerId}" leaves")`,
    );
  }
  const { evId, rng } = sim.nextEv();
  const spec = rng.weighted(EV_CATALOG.map((e) => ({ item: e.spec, weight: e.weight })));
  const efficiency = spec.efficiency ?? 0.9;
  const gainPct = Math.min(95, (req.wantedWh * efficiency * 100) / spec.batteryWh);
  const arrivalSocPercent = Math.max(5, Math.min(60, 80 - gainPct));
  const targetSocPercent = Math.min(100, arrivalSocPercent + gainPct);
  const ev = createEv(spec, {
    arrivalMs: req.atMs,
    departureMs: req.atMs + (req.stayMs ?? DAY_MS),
    arrivalSocPercent,
    targetSocPercent,
  });
  await plugInEv(sim, { evId, chargerId: req.chargerId, ev, token: req.token ?? `EV-${evId}` });
  return evId;
}

/** An EV to plug in. */
export interface PlugIn {
  readonly evId: string;
  readonly chargerId: string;
  readonly ev: EvModel;
  /** The tag presented (accepted by the in-process CSMS). */
  readonly token: string;
  /** Unplug at the EV's departure time. */
  readonly leaveAtDeparture?: boolean;
}

/**
 * Plugs a prepared EV in at its arrival time (now if that has passed) and presents the tag; the
 * energy it wants is what it takes to reach its target state of charge from its arrival state.
 */
export async function plugInEv(sim: ScenarioSim, p: PlugIn): Promise<void> {
  const station = sim.station(p.chargerId);
  const { ev } = p;
  const wantedWh =
    ((ev.targetSocPercent - ev.socPercent) / 100) * (ev.spec.batteryWh / (ev.spec.efficiency ?? 0.9));
  await sim.acceptToken(p.token);
  const tracked: TrackedEv = { evId: p.evId, chargerId: p.chargerId, ev, wantedWh };
  const plug = (): void => {
    sim.evs.push(tracked);
    station.plugIn(1, ev);
    station.presentIdTag(1, p.token).catch((err: unknown) => {
      sim.errors.push(`${p.evId} at ${p.chargerId}: presenting ${p.token} failed: ${String(err)}`);
    });
    if (p.leaveAtDeparture === true) {
      sim.clock.setTimer(() => {
        if (tracked.leftAtMs !== undefined) return;
        tracked.leftAtMs = sim.clock.now();
        station.unplug(1);
      }, ev.departureMs - sim.clock.now());
    }
  };
  const delay = ev.arrivalMs - sim.clock.now();
  if (delay <= 0) plug();
  else sim.clock.setTimer(plug, delay);
}

/** The EV plugged in at a charger leaves: it unplugs, which ends its transaction. */
export function leaveEv(sim: ScenarioSim, chargerId: string): void {
  const tracked = sim.evs.find((e) => e.chargerId === chargerId && e.leftAtMs === undefined);
  if (tracked === undefined) throw new ScenarioInputError(`no EV is plugged in at charger "${chargerId}"`);
  tracked.leftAtMs = sim.clock.now();
  sim.station(chargerId).unplug(1);
}
