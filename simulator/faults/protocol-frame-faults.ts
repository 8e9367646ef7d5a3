import type { FaultSpec } from './fault-spec.js';

/** What to do with one outgoing frame. */
export type OutgoingVerdict =
  | { readonly kind: 'send'; readonly frame: string }
  /** Do not send; answer the station itself with this CALLRESULT (so it goes on as if sent). */
  | { readonly kind: 'swallow'; readonly answer: string };

/** What to do with one incoming frame. */
export type IncomingVerdict =
  | { readonly kind: 'deliver' }
  /** Do not deliver; send this answer to the CSMS instead. */
  | { readonly kind: 'answer'; readonly answer: string };

/**
 * Protocol faults of non-compliant firmware, applied frame by frame: a wrong status order, a
 * missing field, SetChargingProfile accepted and ignored, a firmware status never sent. Frames
 * the faults do not touch pass as they are, byte for byte.
 */
export class ProtocolFrameFaults {
  #swapped: 'none' | 'first-sent' | 'done' = 'none';

  constructor(private readonly spec: FaultSpec) {}

  /** Decides about an outgoing frame. */
  outgoing(frame: string): OutgoingVerdict {
    const call = parseCall(frame);
    if (call === undefined) return { kind: 'send', frame };
    const [, id, action, payload] = call;
    const s = this.spec;
    if (
      s.skipFirmwareStatus !== undefined &&
      action === 'FirmwareStatusNotification' &&
      payload['status'] === s.skipFirmwareStatus
    ) {
      return { kind: 'swallow', answer: JSON.stringify([3, id, {}]) };
    }
    if (s.dropField !== undefined && action === s.dropField.action && s.dropField.field in payload) {
      const { [s.dropField.field]: _dropped, ...rest } = payload;
      return { kind: 'send', frame: JSON.stringify([2, id, action, rest]) };
    }
    if (s.swapStatuses !== undefined && action === 'StatusNotification' && this.#swapped !== 'done') {
      const key = 'connectorStatus' in payload ? 'connectorStatus' : 'status';
      const { first, second } = s.swapStatuses;
      if (this.#swapped === 'none' && payload[key] === first) {
        this.#swapped = 'first-sent';
        return { kind: 'send', frame: JSON.stringify([2, id, action, { ...payload, [key]: second }]) };
      }
      if (this.#swapped === 'first-sent' && payload[key] === second) {
        this.#swapped = 'done';
        return { kind: 'send', frame: JSON.stringify([2, id, action, { ...payload, [key]: first }]) };
      }
    }
    return { kind: 'send', frame };
  }

  /** Decides about an incoming frame. */
  incoming(frame: string): IncomingVerdict {
    if (this.spec.ignoreProfiles !== true) return { kind: 'deliver' };
    const call = parseCall(frame);
    if (call === undefined || call[2] !== 'SetChargingProfile') return { kind: 'deliver' };
    return { kind: 'answer', answer: JSON.stringify([3, call[1], { status: 'Accepted' }]) };
  }
}

function parseCall(frame: string): [2, string, string, Record<string, unknown>] | undefined {
  if (!frame.startsWith('[2')) return undefined;
  try {
    const parsed = JSON.parse(frame) as unknown;
    if (
      Array.isArray(parsed) &&
      parsed[0] === 2 &&
      typeof parsed[1] === 'string' &&
      typeof parsed[2] === 'string' &&
      typeof parsed[3] === 'object' &&
      parsed[3] !== null
    ) {
      return parsed as [2, string, string, Record<string, unknown>];
    }
  } catch {
    // not JSON: not ours to change
  }
  return undefined;
}
