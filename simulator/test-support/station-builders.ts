import type { Clock } from '../../common/clock.js';
import { Rng } from '../../common/rng.js';
import type { FrameRecord } from '../../common/rpc-types.js';
import type { Transport } from '../../common/transport.js';
import { defaultValidator } from '../../schemas/validator.js';
import { findEvSpec } from '../ev/ev-catalog.js';
import { createEv } from '../ev/ev-model.js';
import type { EvModel } from '../ev/ev-model.js';
import { createStation } from '../station/create-station.js';
import type { Station } from '../station/station-core.js';
import type { StationOptions } from '../station/station-options.js';

/** A test station with its recorded frames. */
export interface TestStation {
  readonly station: Station;
  readonly frames: FrameRecord[];
}

/** A station with sensible test defaults (1.6, one 32 A three-phase EVSE, 10 s meter values, seed 1). */
export function aStation(
  over: Partial<StationOptions> & {
    clock: Clock;
    transport: Transport;
    csmsUrl: string;
    seed?: string | number;
  },
): TestStation {
  const frames: FrameRecord[] = [];
  const id = over.id ?? 'CP001';
  const station = createStation({
    id,
    version: '1.6',
    validator: defaultValidator(),
    rng: new Rng(over.seed ?? 1).fork(`station/${id}`),
    meterIntervalS: 10,
    tap: (r) => frames.push(r),
    ...over,
  });
  return { station, frames };
}

/** An EV of a catalogue type (default a three-phase 16 A car) arriving now. */
export function anEv(
  clock: Clock,
  over: {
    car?: string;
    stayMs?: number;
    socPercent?: number;
    targetSocPercent?: number;
    reactionDelayMs?: number;
    ignoresLimit?: boolean;
  } = {},
): EvModel {
  const name = over.car ?? 'Volkswagen ID.3';
  const spec = findEvSpec(name);
  if (spec === undefined) throw new Error(`no car "${name}" in the catalogue`);
  const now = clock.now();
  return createEv(spec, {
    arrivalMs: now,
    departureMs: now + (over.stayMs ?? 4 * 3_600_000),
    arrivalSocPercent: over.socPercent ?? 30,
    targetSocPercent: over.targetSocPercent ?? 80,
    ...(over.reactionDelayMs === undefined ? {} : { reactionDelayMs: over.reactionDelayMs }),
    ...(over.ignoresLimit === undefined ? {} : { ignoresLimit: over.ignoresLimit }),
  });
}
