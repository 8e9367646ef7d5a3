import type { StepSpec } from '../support/step-library.js';
import { step } from '../support/step-library.js';

/** Why the firmware steps are pending: the reference CSMS has no firmware campaigns yet. */
export const FIRMWARE_PENDING_REASON =
  'firmware updates are not available yet: the reference CSMS has no firmware campaign service (csms/firmware) and the simulated chargers do not handle UpdateFirmware';

/** Steps about firmware campaigns (pending until the CSMS and the chargers support them). */
export const FIRMWARE_STEPS: readonly StepSpec[] = [
  step<[string]>(
    'When',
    'firmware',
    'firmware {string} is rolled out to all chargers',
    'Starts a firmware campaign to every charger (pending: see the step list).',
    'firmware "2.4.1" is rolled out to all chargers',
    (w) => {
      w.log(FIRMWARE_PENDING_REASON);
      return 'pending';
    },
  ),
  step<[string, number]>(
    'When',
    'firmware',
    'firmware {string} is rolled out in stages of {int} charger(s)',
    'Starts a staged firmware campaign: the next stage starts when the previous one installed (pending).',
    'firmware "2.4.1" is rolled out in stages of 2 chargers',
    (w) => {
      w.log(FIRMWARE_PENDING_REASON);
      return 'pending';
    },
  ),
  step<[string]>(
    'Then',
    'firmware',
    'every charger runs firmware {string}',
    'Every charger reports this firmware version (pending).',
    'every charger runs firmware "2.4.1"',
    (w) => {
      w.log(FIRMWARE_PENDING_REASON);
      return 'pending';
    },
  ),
];
