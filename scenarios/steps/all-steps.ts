import type { StepSpec } from '../support/step-library.js';
import { BILLING_STEPS } from './billing-steps.js';
import { EV_STEPS } from './ev-steps.js';
import { FIRMWARE_STEPS } from './firmware-steps.js';
import { FRAME_STEPS } from './frame-steps.js';
import { LOAD_STEPS } from './load-steps.js';
import { SITE_STEPS } from './site-steps.js';
import { STATION_STEPS } from './station-steps.js';
import { TIME_STEPS } from './time-steps.js';

/** Every step of the library, grouped by domain. */
export const ALL_STEPS: readonly StepSpec[] = [
  ...SITE_STEPS,
  ...STATION_STEPS,
  ...EV_STEPS,
  ...TIME_STEPS,
  ...LOAD_STEPS,
  ...BILLING_STEPS,
  ...FIRMWARE_STEPS,
  ...FRAME_STEPS,
];
