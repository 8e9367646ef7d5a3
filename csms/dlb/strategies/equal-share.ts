import { fairShare } from '../fair-share.js';
import type { Strategy } from '../strategy.js';

/**
 * Equal share: weighted max-min fair (water-filling) within every circuit of the tree, weights
 * from each session's `weight` (default 1). A session that cannot get its minimum is paused, and
 * who is paused rotates.
 */
export const equalShare: Strategy = (input) =>
  fairShare(input, input.sessions, { reasonPrefix: 'equal share' });
