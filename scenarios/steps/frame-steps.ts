import type { FrameRecord } from '../../common/rpc-types.js';
import { MALFORMED_KINDS } from '../../simulator/faults/fault-spec.js';
import type { MalformedKind } from '../../simulator/faults/fault-spec.js';
import { ScenarioInputError } from '../support/run-context.js';
import type { StepSpec } from '../support/step-library.js';
import { step } from '../support/step-library.js';

const isInvalid = (f: FrameRecord): boolean => f.verdict === 'invalid' || f.messageType === 'INVALID';

function describeInvalid(frames: readonly FrameRecord[]): string {
  return frames
    .slice(0, 3)
    .map((f) => {
      const v = f.violations[0];
      return `${f.stationId} ${f.direction} ${f.action ?? f.messageType}${v === undefined ? '' : ` at ${v.pointer}: ${v.message}`}`;
    })
    .join('; ');
}

/** The error code of a CALLERROR frame. */
export function callErrorCode(raw: string): string | undefined {
  try {
    const frame = JSON.parse(raw) as unknown;
    return Array.isArray(frame) && frame[0] === 4 && typeof frame[2] === 'string' ? frame[2] : undefined;
  } catch {
    return undefined;
  }
}

/** Steps about the OCPP frames on the wire. */
export const FRAME_STEPS: readonly StepSpec[] = [
  step<[string, string]>(
    'When',
    'frames',
    'charger {string} sends a malformed frame of kind {string}',
    `The charger sends a frame broken in one way: ${MALFORMED_KINDS.join(', ')}.`,
    'charger "CP1" sends a malformed frame of kind "missing-field"',
    async (w, id, kind) => {
      if (!(MALFORMED_KINDS as readonly string[]).includes(kind)) {
        throw new ScenarioInputError(
          `unknown malformed frame kind "${kind}": use one of ${MALFORMED_KINDS.join(', ')}`,
        );
      }
      const sim = await w.sim();
      await sim.station(id).sendMalformed(kind as MalformedKind);
      await sim.runFor(1000);
    },
  ),
  step(
    'Then',
    'frames',
    'every frame is valid',
    'Every frame the chargers sent and received passed the official OCPP JSON schemas.',
    'every frame is valid',
    async (w) => {
      const bad = (await w.sim()).frames.filter(isInvalid);
      if (bad.length > 0) throw new Error(`${bad.length} frames are invalid: ${describeInvalid(bad)}`);
    },
  ),
  step<[number]>(
    'Then',
    'frames',
    'at most {int} frame(s) is/are invalid',
    'Allows a known number of invalid frames (a faulty charger).',
    'at most 3 frames are invalid',
    async (w, max) => {
      const bad = (await w.sim()).frames.filter(isInvalid);
      if (bad.length > max) {
        throw new Error(`${bad.length} frames are invalid, expected at most ${max}: ${describeInvalid(bad)}`);
      }
    },
  ),
  step<[string]>(
    'Then',
    'frames',
    'every frame of charger {string} is valid',
    'Every frame that charger sent and received passed the schemas.',
    'every frame of charger "CP2" is valid',
    async (w, id) => {
      const sim = await w.sim();
      sim.station(id);
      const bad = sim.frames.filter((f) => f.stationId === id && isInvalid(f));
      if (bad.length > 0)
        throw new Error(`${bad.length} frames of charger "${id}" are invalid: ${describeInvalid(bad)}`);
    },
  ),
  step<[string, string]>(
    'Then',
    'frames',
    'charger {string} received a CALLERROR {string}',
    'The CSMS answered a frame of that charger with a CALLERROR of this code (e.g. FormationViolation).',
    'charger "CP1" received a CALLERROR "FormationViolation"',
    async (w, id, code) => {
      const sim = await w.sim();
      sim.station(id);
      const codes = sim.frames
        .filter((f) => f.stationId === id && f.direction === 'csms->station' && f.messageType === 'CALLERROR')
        .map((f) => callErrorCode(f.raw));
      if (!codes.includes(code)) {
        throw new Error(
          `charger "${id}" received no CALLERROR "${code}" (received: ${codes.length === 0 ? 'none' : codes.map((c) => `"${c}"`).join(', ')})`,
        );
      }
    },
  ),
];
