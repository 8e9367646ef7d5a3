import type { OcppVersion } from '../../common/ocpp-version.js';
import { readSiteMeterFromSampledValues } from '../../common/site-meter-measurands.js';
import type { SiteMeterReading } from '../../common/site-meter.js';
import { currentFromPowerA } from '../../common/units.js';
import type { MeterSample } from '../meter/meter-sample.js';
import type { CsmsEvents } from '../csms-events.js';
import type { ChargerNode, CircuitTree } from './circuit-tree.js';
import type { RateUnit } from './charging-profiles.js';
import type { AllocationView } from './dlb-events.js';
import type { Allocation, SessionDemand } from './strategy.js';

/** A running transaction on one of the site's chargers, as the balancer follows it. */
export interface TrackedSession {
  readonly sessionId: string;
  readonly transactionId: number;
  readonly transactionRef: string;
  readonly stationId: string;
  readonly version: OcppVersion;
  readonly evseId: number;
  charger: ChargerNode;
  readonly idTag: string | null;
  readonly startedAtMs: number;
  /** TxProfile id used for this session (stable, so a resend replaces the profile). */
  readonly profileId: number;
  measuredA: number | undefined;
  allocation: Allocation | undefined;
  /** Limit the station last accepted, in the site's rate unit. */
  sentLimit: number | undefined;
  /** The same limit per phase in amperes, and when it was accepted (clock ms). */
  sentA: number | undefined;
  sentAtMs: number | undefined;
  /** What the EV was seen to take at most (it drew less than offered), A; undefined = unknown. */
  acceptanceA: number | undefined;
  controllable: boolean;
  chargingSinceMs: number | undefined;
  pausedSinceMs: number | undefined;
}

/** The charger of the tree at a station's connector / EVSE, if the site has it. */
export function chargerAt(tree: CircuitTree, stationId: string, evseId: number): ChargerNode | undefined {
  for (const c of tree.chargers.values()) if (c.stationId === stationId && c.connectorId === evseId) return c;
  return undefined;
}

/**
 * The current an outlet draws per phase, from a MeterValue's samples: the highest phase of
 * Current.Import at the outlet, else Power.Active.Import spread over the charger's phases.
 */
export function measuredCurrentA(
  samples: readonly MeterSample[],
  charger: ChargerNode,
  voltageV: number,
): number | undefined {
  // One pass, no intermediate arrays: this runs for every MeterValue of a balanced session.
  let currentA: number | undefined;
  let powerW: number | undefined;
  for (const s of samples) {
    if (s.value === null || (s.location !== undefined && s.location !== 'Outlet')) continue;
    if (s.measurand === 'Current.Import' && s.unit === 'A') {
      currentA = currentA === undefined ? s.value : Math.max(currentA, s.value);
    } else if (
      powerW === undefined &&
      s.measurand === 'Power.Active.Import' &&
      s.phase === undefined &&
      s.unit === 'W'
    ) {
      powerW = s.value;
    }
  }
  if (currentA !== undefined) return currentA;
  if (powerW !== undefined) return currentFromPowerA(powerW, charger.phases, voltageV);
  return undefined;
}

/** A site meter reading from a meter station's samples (Inlet/Body convention), if they carry one. */
export function siteReadingFromSamples(
  samples: readonly MeterSample[],
  timeMs: number,
  voltageV: number,
): SiteMeterReading | undefined {
  return readSiteMeterFromSampledValues(
    samples
      .filter((s) => s.value !== null)
      .map((s) => ({
        value: s.value!,
        measurand: s.measurand,
        ...(s.location === undefined ? {} : { location: s.location }),
        ...(s.phase === undefined ? {} : { phase: s.phase }),
        unit: s.unit,
      })),
    { timeMs, voltageV },
  );
}

/** How long after a new limit a measurement is trusted to show the EV's answer to it, ms. */
export const MEASUREMENT_SETTLE_MS = 15_000;

/**
 * Learns what the EV takes from a measurement: one that arrives well after the limit in force
 * (so the EV has followed it) and is clearly below that limit shows the EV's own acceptance
 * (kept with `headroomA` on top); once the EV uses all of it again, the estimate is dropped and the
 * EV may be offered more. Stale measurements are ignored, so a limit is never cut on a reading
 * taken before it applied.
 */
export function learnAcceptance(
  s: TrackedSession,
  measuredA: number,
  measuredAtMs: number,
  thresholdA: number,
  headroomA: number,
): void {
  s.measuredA = measuredA;
  if (s.sentA === undefined || s.sentAtMs === undefined) return;
  if (measuredAtMs < s.sentAtMs + MEASUREMENT_SETTLE_MS) return;
  if (measuredA < s.sentA - thresholdA) {
    s.acceptanceA = measuredA + headroomA;
  } else if (s.acceptanceA !== undefined && measuredA >= s.acceptanceA - headroomA / 2) {
    s.acceptanceA = undefined;
  }
}

/** The strategy's view of a tracked session: it wants its learned acceptance, else its maximum. */
export function sessionDemand(
  s: TrackedSession,
  priorityByIdTag: Readonly<Record<string, string>>,
): SessionDemand {
  const priority = s.idTag === null ? undefined : priorityByIdTag[s.idTag];
  return {
    sessionId: s.sessionId,
    chargerId: s.charger.id,
    phases: s.charger.phases,
    firstPhase: s.charger.firstPhase,
    minCurrentA: s.charger.minCurrentA,
    maxCurrentA: s.charger.maxCurrentA,
    demandA: Math.min(s.charger.maxCurrentA, s.acceptanceA ?? s.charger.maxCurrentA),
    ...(s.measuredA === undefined ? {} : { measuredA: s.measuredA }),
    ...(priority === undefined ? {} : { priority }),
    controllable: s.controllable,
    ...(s.chargingSinceMs === undefined ? {} : { chargingSinceMs: s.chargingSinceMs }),
    ...(s.pausedSinceMs === undefined ? {} : { pausedSinceMs: s.pausedSinceMs }),
  };
}

/** Records a new allocation on a session and keeps its charging/paused-since times. */
export function applyAllocation(s: TrackedSession, a: Allocation, timeMs: number): void {
  const charging = a.perPhaseA > 0;
  if (charging && s.chargingSinceMs === undefined) {
    s.chargingSinceMs = timeMs;
    s.pausedSinceMs = undefined;
  } else if (!charging && s.pausedSinceMs === undefined) {
    s.pausedSinceMs = timeMs;
    s.chargingSinceMs = undefined;
  }
  s.allocation = a;
}

/** A session just started on `charger`, not yet allocated. */
export function newTrackedSession(
  e: CsmsEvents['transaction.started'],
  charger: ChargerNode,
  profileId: number,
): TrackedSession {
  return {
    sessionId: `tx-${e.transactionId}`,
    transactionId: e.transactionId,
    transactionRef: e.transactionRef,
    stationId: e.stationId,
    version: e.version,
    evseId: e.evseId,
    charger,
    idTag: e.idTag,
    startedAtMs: e.startedAtMs,
    profileId,
    measuredA: undefined,
    allocation: undefined,
    sentLimit: undefined,
    sentA: undefined,
    sentAtMs: undefined,
    acceptanceA: undefined,
    controllable: true,
    chargingSinceMs: undefined,
    pausedSinceMs: undefined,
  };
}

/** A session's allocation as the admin API and the event stream show it. */
export function allocationView(s: TrackedSession, rateUnit: RateUnit): AllocationView {
  return {
    sessionId: s.sessionId,
    transactionId: s.transactionId,
    stationId: s.stationId,
    evseId: s.evseId,
    chargerId: s.charger.id,
    perPhaseA: s.allocation?.perPhaseA ?? 0,
    phases: s.charger.phases,
    sentLimit: s.sentLimit,
    rateUnit,
    measuredA: s.measuredA,
    controllable: s.controllable,
    reason: s.allocation?.reason ?? 'not allocated yet',
    limitedBy: s.allocation?.limitedBy,
  };
}
