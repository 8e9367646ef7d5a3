import { wireLimit } from './charging-profiles.js';
import type { ProfileDispatcher } from './profile-dispatcher.js';
import type { TrackedSession } from './session-tracker.js';
import type { SiteConfig } from './site-config.js';

/**
 * Sends each session's TxProfile when its limit on the wire changed: lowered limits first (and
 * awaited), raised ones after, so the sum never passes the fuse in between. Unchanged limits are
 * not resent, nor raises smaller than `minIncreaseA` (the lower limit stays in force, which is
 * safe); sessions whose station does not obey limits are skipped unless `retryUncontrolled`
 * (the periodic cycle tries them again, and they count as controllable once accepted). A session
 * whose station rejects its profile (or does not answer) is marked not controllable. Resolves true
 * when any session's controllability changed (the allocation must then be recomputed).
 */
export async function dispatchTxLimits(
  dispatcher: ProfileDispatcher,
  site: SiteConfig,
  sessions: readonly TrackedSession[],
  timeMs: number,
  retryUncontrolled = false,
): Promise<boolean> {
  const wire = (s: TrackedSession): number =>
    wireLimit(s.allocation!.perPhaseA, s.charger.phases, site.rateUnit, site.voltageV);
  const needsSend = (s: TrackedSession): boolean => {
    if (!s.controllable) return retryUncontrolled;
    if (s.sentLimit === undefined) return true;
    const w = wire(s);
    const step = wireLimit(site.minIncreaseA, s.charger.phases, site.rateUnit, site.voltageV);
    return w < s.sentLimit || w - s.sentLimit >= step || (s.sentLimit === 0 && w > 0);
  };
  const due = sessions.filter((s) => s.allocation !== undefined && needsSend(s));
  const lower = due.filter((s) => s.sentLimit === undefined || wire(s) < s.sentLimit);
  const higher = due.filter((s) => !lower.includes(s));
  let controllabilityChanged = false;
  for (const group of [lower, higher]) {
    const outcomes = await Promise.all(
      group.map((s) =>
        dispatcher.setProfile(s.stationId, s.version, {
          kind: 'tx',
          profileId: s.profileId,
          stackLevel: site.txStackLevel,
          evseId: s.evseId,
          perPhaseA: s.allocation!.perPhaseA,
          phases: s.charger.phases,
          voltageV: site.voltageV,
          rateUnit: site.rateUnit,
          transactionId: s.transactionId,
          transactionRef: s.transactionRef,
          timeMs,
        }),
      ),
    );
    outcomes.forEach((o, i) => {
      const s = group[i]!;
      if (o.ok !== s.controllable) controllabilityChanged = true;
      s.controllable = o.ok;
      if (o.ok) {
        s.sentLimit = o.limit;
        s.sentA = s.allocation!.perPhaseA;
        s.sentAtMs = timeMs;
      }
    });
  }
  return controllabilityChanged;
}
