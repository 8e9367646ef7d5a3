import type { FrameDirection } from '../common/rpc-types.js';

/** One OCPP action and the way(s) it travels (DataTransfer travels both ways). */
export interface OcppActionInfo {
  readonly action: string;
  readonly directions: readonly FrameDirection[];
}
