import type { Clock } from '../../common/clock.js';
import type { OcppVersion } from '../../common/ocpp-version.js';
import { clearProfilePayload, setProfilePayload, wireLimit } from './charging-profiles.js';
import type { ProfileLimit } from './charging-profiles.js';
import type { DlbEvents } from './dlb-events.js';
import type { TypedEvents } from '../../common/typed-events.js';

/** How the balancer reaches stations: the CSMS's command sender. */
export type SendCommand = (stationId: string, action: string, payload: unknown) => Promise<unknown>;

/** The outcome of sending one profile. */
export type SendOutcome =
  { readonly ok: true; readonly limit: number } | { readonly ok: false; readonly reason: string };

function statusOf(result: unknown): string | undefined {
  // The CSMS's command sender wraps the station's answer as `{ response }`; accept both shapes.
  const response =
    typeof result === 'object' && result !== null && 'response' in result ? result.response : result;
  if (typeof response === 'object' && response !== null && 'status' in response) {
    const s = response.status;
    return typeof s === 'string' ? s : undefined;
  }
  return undefined;
}

/**
 * Sends SetChargingProfile and ClearChargingProfile and reports the outcome on the site's event
 * stream. A rejection or a failed call is an outcome, never a thrown error.
 */
export class ProfileDispatcher {
  constructor(
    private readonly siteId: string,
    private readonly send: SendCommand,
    private readonly clock: Clock,
    private readonly events: TypedEvents<DlbEvents>,
  ) {}

  /** Sends one profile; resolves with the limit on the wire when the station accepted it. */
  async setProfile(stationId: string, version: OcppVersion, p: ProfileLimit): Promise<SendOutcome> {
    const limit = wireLimit(p.perPhaseA, p.phases, p.rateUnit, p.voltageV);
    let reason: string;
    try {
      const status = statusOf(
        await this.send(stationId, 'SetChargingProfile', setProfilePayload(version, p)),
      );
      if (status === 'Accepted') {
        this.events.emit('dlb.profile.sent', {
          siteId: this.siteId,
          stationId,
          evseId: p.evseId,
          kind: p.kind,
          limit,
          rateUnit: p.rateUnit,
          timeMs: this.clock.now(),
        });
        return { ok: true, limit };
      }
      reason = `station answered ${status ?? 'without a status'}`;
    } catch (err) {
      reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    }
    this.events.emit('dlb.profile.rejected', {
      siteId: this.siteId,
      stationId,
      evseId: p.evseId,
      kind: p.kind,
      timeMs: this.clock.now(),
      reason,
    });
    return { ok: false, reason };
  }

  /** Clears one profile by id; failures are reported, not thrown. */
  async clearProfile(stationId: string, version: OcppVersion, profileId: number): Promise<void> {
    try {
      await this.send(stationId, 'ClearChargingProfile', clearProfilePayload(version, profileId));
    } catch (err) {
      this.events.emit('dlb.error', {
        siteId: this.siteId,
        timeMs: this.clock.now(),
        where: `ClearChargingProfile ${profileId} on ${stationId}`,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
}
