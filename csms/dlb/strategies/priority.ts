import { fairShare } from '../fair-share.js';
import type { SessionDemand, Strategy, StrategyInput } from '../strategy.js';

/** The weight of a session under the priority strategy: explicit weight, else its class's weight, else 1. */
export function priorityWeight(s: SessionDemand, input: StrategyInput): number {
  return s.weight ?? input.settings.priorityWeights[s.priority ?? 'normal'] ?? 1;
}

/**
 * Priority: water-filling with weights from the session's priority class (fleet, VIP, …); when not
 * everyone can get their minimum, the lower classes are paused first (rotating within a class).
 */
export const priority: Strategy = (input) =>
  fairShare(input, input.sessions, {
    reasonPrefix: 'priority share',
    weight: (s) => priorityWeight(s, input),
    rank: (s) => -priorityWeight(s, input),
  });
