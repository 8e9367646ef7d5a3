import type { Clock } from '../../common/clock.js';
import { Rng } from '../../common/rng.js';
import type { FrameCounter, FrameRecord, FrameTap, FrameValidator } from '../../common/rpc-types.js';
import type { Transport } from '../../common/transport.js';
import { TypedEvents } from '../../common/typed-events.js';
import type { OcppVersion } from '../../common/ocpp-version.js';
import { defaultValidator } from '../../schemas/validator.js';
import type { SiteConfig } from '../site/site-config.js';
import { SiteModel } from '../site/site-model.js';
import { AlignedTicker } from '../station/aligned-ticker.js';
import { createStation } from '../station/create-station.js';
import type { Station } from '../station/station-core.js';
import type { StationEvents } from '../station/station-events.js';
import { EvArrivals } from './ev-arrivals.js';
import type { ArrivalPattern } from './ev-arrivals.js';
import { FrameStats } from './frame-stats.js';
import { planFleet } from './fleet-plan.js';
import type { FleetFaultShare, FleetStationSpec } from './fleet-plan.js';
import { StationResults } from './station-results.js';
import type { FleetSummary } from './station-results.js';

/** Options of {@link createFleet}. */
export interface FleetOptions {
  readonly clock: Clock;
  readonly transport: Transport;
  /** Base URL of the CSMS; each station appends `/{id}`. */
  readonly csmsUrl: string;
  /** The run seed: every station, EV, fault and identity derives from it. */
  readonly seed: string | number;
  /** A count of generated stations, or the stations themselves (with a site: repeats its chargers). */
  readonly stations?: number | readonly FleetStationSpec[];
  /** Version of generated stations. Default 1.6. */
  readonly version?: OcppVersion | 'mixed';
  /** Prefix of generated station ids (`SIM0001`, ...). Default `SIM`. */
  readonly idPrefix?: string;
  /** The site the stations stand on: its chargers, meter, time zone and EV habits. */
  readonly site?: SiteConfig;
  /** Faults for a seeded share of the stations. */
  readonly faults?: readonly FleetFaultShare[];
  /** How EVs arrive. Default `daily` with a site, `continuous` without. */
  readonly arrivals?: ArrivalPattern;
  /** idTags to present, used in turn; default one seeded tag per session. */
  readonly idTags?: readonly string[];
  /** MeterValueSampleInterval of every station, s. Default 10. */
  readonly meterIntervalS?: number;
  /** Validates every frame (default: the official schemas). */
  readonly validator?: FrameValidator;
  /** Sees every frame of every station (e.g. to write frames.jsonl). */
  readonly onFrame?: FrameTap;
  /** Keep every frame in `fleet.frames` (small fleets and tests). Default false. */
  readonly recordFrames?: boolean;
  /** Stations connecting at once while starting. Default 50. */
  readonly connectConcurrency?: number;
  /** Current offered while offline when no profile applies, A. */
  readonly fallbackLimitA?: number;
  /** CALL timeout, clock ms. Default 30,000. */
  readonly callTimeoutMs?: number;
  /** Stations also send MeterValues while idle. Default false. */
  readonly idleMeterValues?: boolean;
  /**
   * Spread the stations' sampling instants over the interval (seeded, to the millisecond, as
   * chargers that booted at different times do) instead of all sampling at the same clock-aligned
   * instant. Default false (aligned: fastest in virtual time).
   */
  readonly staggerSamples?: boolean;
  /**
   * Run only one slice of the planned fleet: the stations whose place in the plan, counted from 0,
   * leaves `index` when divided by `count`. Every station is the one the whole fleet would have
   * (same id, version, identity, EVs, faults), so `count` processes with indexes 0..count-1 run the
   * whole fleet between them. Not with a site: its stations share one site model.
   */
  readonly shard?: FleetShard;
}

/** One slice of a fleet, see {@link FleetOptions.shard}. */
export interface FleetShard {
  /** 0 .. count-1. */
  readonly index: number;
  /** How many slices the fleet is cut into. */
  readonly count: number;
}

/** The specs a shard keeps. @throws Error naming the option when the shard is not one */
function sliceOf<T>(specs: readonly T[], shard: FleetShard | undefined, site: boolean): readonly T[] {
  if (shard === undefined) return specs;
  const { index, count } = shard;
  if (!(Number.isInteger(count) && count >= 1)) {
    throw new Error(`shard.count must be a whole number >= 1, got ${count}`);
  }
  if (!(Number.isInteger(index) && index >= 0 && index < count)) {
    throw new Error(`shard.index must be a whole number from 0 to ${count - 1}, got ${index}`);
  }
  if (site && count > 1) {
    throw new Error('shard: a site cannot be split, its stations share one site model; run it whole');
  }
  return specs.filter((_, i) => i % count === index);
}

/** Every station event, forwarded with its station id. */
export type FleetEvents = StationEvents;

/** A running fleet. */
export interface Fleet {
  readonly stations: readonly Station[];
  /** The site model (also the in-process {@link SiteMeter}), when the fleet has a site. */
  readonly site: SiteModel | undefined;
  readonly events: TypedEvents<FleetEvents>;
  /** Frame counts by action, direction and verdict. */
  readonly frameStats: FrameStats;
  /** Every frame, when `recordFrames` is set; empty otherwise. */
  readonly frames: readonly FrameRecord[];
  /** The station with that id. @throws when there is none */
  station(id: string): Station;
  /** Connects every station (a few at a time) and starts EV arrivals. */
  start(): Promise<void>;
  /** Stops EV arrivals and every station; `endTransactions` ends running ones cleanly first. */
  stop(options?: { endTransactions?: boolean }): Promise<void>;
  /** Per-station results and frame counts so far. */
  summary(): FleetSummary;
  /**
   * Why the stations not online now are not: latest problem -> stations (see
   * `StationResults.notOnline`); empty when every station is online.
   */
  notOnline(): Record<string, number>;
}

const FORWARDED: readonly (keyof StationEvents)[] = [
  'state',
  'status',
  'transaction-started',
  'transaction-ended',
  'meter-values',
  'limit',
  'fault',
  'problem',
];

/**
 * A fleet of simulated stations against one CSMS, on one clock and one transport, all derived from
 * one seed: same seed and options, same frames. With a site, the stations are its chargers, one
 * reports the site meter, and their draw feeds the site model the CSMS may also read in-process.
 * @throws Error naming the option when the options cannot make a fleet
 */
export function createFleet(options: FleetOptions): Fleet {
  const rng = new Rng(options.seed);
  const planned = planFleet(
    {
      ...(options.stations === undefined ? {} : { stations: options.stations }),
      ...(options.version === undefined ? {} : { version: options.version }),
      ...(options.idPrefix === undefined ? {} : { idPrefix: options.idPrefix }),
      ...(options.site === undefined ? {} : { site: options.site }),
      ...(options.faults === undefined ? {} : { faults: options.faults }),
    },
    rng.fork('plan'),
  );
  const specs = sliceOf(planned, options.shard, options.site !== undefined);
  const meterIntervalS = options.meterIntervalS ?? 10;
  const validator = options.validator ?? defaultValidator();
  const events = new TypedEvents<FleetEvents>();
  const frameStats = new FrameStats();
  const frames: FrameRecord[] = [];
  const record = options.recordFrames === true;
  const count: FrameCounter = (r) => frameStats.add(r);
  // Only a tap reads the frames' text: without one, frames to an in-process CSMS are not printed.
  const onFrame = options.onFrame;
  const tap: FrameTap | undefined =
    record || onFrame !== undefined
      ? (r) => {
          if (record) frames.push(r);
          onFrame?.(r);
        }
      : undefined;
  const ticker = new AlignedTicker(options.clock);
  const site =
    options.site === undefined
      ? undefined
      : new SiteModel(options.site, rng.fork(`site/${options.site.id}`), options.clock);
  const stations = specs.map((spec) =>
    createStation({
      id: spec.id,
      version: spec.version,
      csmsUrl: options.csmsUrl,
      transport: options.transport,
      clock: options.clock,
      rng: rng.fork(`station/${spec.id}`),
      validator,
      ...(tap === undefined ? {} : { tap }),
      count,
      ticker,
      meterIntervalS,
      ...(spec.evseCount === undefined ? {} : { evseCount: spec.evseCount }),
      ...(spec.maxCurrentA === undefined ? {} : { maxCurrentA: spec.maxCurrentA }),
      ...(spec.phases === undefined ? {} : { phases: spec.phases }),
      ...(spec.phase === undefined ? {} : { phase: spec.phase }),
      ...(options.site === undefined ? {} : { voltageV: options.site.voltageV }),
      ...(spec.meterStation === true && site !== undefined ? { siteMeter: site } : {}),
      ...(spec.faults === undefined ? {} : { faults: spec.faults }),
      ...(options.fallbackLimitA === undefined ? {} : { fallbackLimitA: options.fallbackLimitA }),
      ...(options.callTimeoutMs === undefined ? {} : { callTimeoutMs: options.callTimeoutMs }),
      ...(options.idleMeterValues === undefined ? {} : { idleMeterValues: options.idleMeterValues }),
      ...(options.staggerSamples === true
        ? { sampleOffsetMs: rng.fork(`stagger/${spec.id}`).int(0, meterIntervalS * 1000 - 1) }
        : {}),
    }),
  );
  const byId = new Map(stations.map((s) => [s.id, s]));
  const results = new StationResults(stations);
  stations.forEach((station, i) => {
    for (const name of FORWARDED) station.events.on(name, (payload) => events.emit(name, payload as never));
    results.watch(station);
    const spec = specs[i]!;
    site?.attachCharger(
      station.id,
      spec.phases ?? 3,
      spec.phase,
      () => station.currentA(),
      () => station.activePhases(),
    );
  });
  const pattern = options.arrivals ?? (options.site === undefined ? 'continuous' : 'daily');
  const tagRng = rng.fork('id-tags');
  let tagIndex = 0;
  const idTag = (): string => {
    const tags = options.idTags;
    if (tags !== undefined && tags.length > 0) return tags[tagIndex++ % tags.length]!;
    return `SIM${tagRng.uint32().toString(16).toUpperCase().padStart(8, '0')}`;
  };
  const arrivals = stations.map(
    (station) =>
      new EvArrivals(options.clock, rng.fork(`arrivals/${station.id}`), station, {
        pattern,
        ...(options.site === undefined ? {} : { timeZone: options.site.timeZone }),
        ...(options.site?.evs === undefined ? {} : { evs: options.site.evs }),
        idTag,
        onProblem: (message) =>
          events.emit('problem', { stationId: station.id, message, timeMs: options.clock.now() }),
      }),
  );
  const concurrency = options.connectConcurrency ?? 50;
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new Error(`connectConcurrency must be a whole number >= 1, got ${concurrency}`);
  }

  return {
    stations,
    site,
    events,
    frameStats,
    frames,
    station(id) {
      const s = byId.get(id);
      if (s === undefined) throw new Error(`no station ${id} in this fleet`);
      return s;
    },
    async start() {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < stations.length) {
          const station = stations[next++]!;
          await station.start();
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, stations.length) }, worker));
      for (const a of arrivals) a.start();
    },
    async stop(stopOptions = {}) {
      for (const a of arrivals) a.stop();
      await Promise.all(stations.map((s) => s.stop(stopOptions)));
      ticker.stopAll();
    },
    summary() {
      return results.summary(frameStats.snapshot());
    },
    notOnline() {
      return results.notOnline();
    },
  };
}
