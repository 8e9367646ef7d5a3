import { EV_CATALOG } from '../../simulator/ev/ev-catalog.js';
import { createEv } from '../../simulator/ev/ev-model.js';
import { ScenarioInputError } from './run-context.js';
import type { ScenarioSim } from './scenario-sim.js';

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
  const station = sim.station(req.chargerId);
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
  const wantedWh = ((targetSocPercent - arrivalSocPercent) / 100) * (spec.batteryWh / efficiency);
  const ev = createEv(spec, {
    arrivalMs: req.atMs,
    departureMs: req.atMs + (req.stayMs ?? DAY_MS),
    arrivalSocPercent,
    targetSocPercent,
  });
  const token = req.token ?? `EV-${evId}`;
  await sim.acceptToken(token);
  const tracked = { evId, chargerId: req.chargerId, ev, wantedWh };
  const plugIn = (): void => {
    sim.evs.push(tracked);
    station.plugIn(1, ev);
    station.presentIdTag(1, token).catch((err: unknown) => {
      sim.errors.push(`${evId} at ${req.chargerId}: presenting ${token} failed: ${String(err)}`);
    });
  };
  const delay = req.atMs - sim.clock.now();
  if (delay <= 0) plugIn();
  else sim.clock.setTimer(plugIn, delay);
  return evId;
}

/** The EV plugged in at a charger leaves: it unplugs, which ends its transaction. */
export function leaveEv(sim: ScenarioSim, chargerId: string): void {
  const tracked = sim.evs.find((e) => e.chargerId === chargerId && e.leftAtMs === undefined);
  if (tracked === undefined) throw new ScenarioInputError(`no EV is plugged in at charger "${chargerId}"`);
  tracked.leftAtMs = sim.clock.now();
  sim.station(chargerId).unplug(1);
}
