import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { FrameRecord } from '../common/rpc-types.js';
import { runVirtualDay } from './virtual-day.js';
import type { VirtualDayOptions } from './virtual-day.js';

/**
 * A digest of what the stations sent and of the commands they were sent, in order per station and
 * direction (frames crossing at the same instant may interleave either way).
 */
function stationSide(): { onFrame: (f: FrameRecord) => void; digest: () => string } {
  const lines = new Map<string, string[]>();
  return {
    onFrame: (f) => {
      const ours = f.direction === 'station->csms' && f.messageType === 'CALL';
      const command = f.direction === 'csms->station' && f.messageType === 'CALL';
      if (!ours && !command) return;
      const key = `${f.stationId} ${f.direction}`;
      const list = lines.get(key) ?? [];
      // Without the message id, which each CSMS numbers its own way.
      list.push(`${f.timeMs} ${f.raw.replace(/^\[2,"[^"]*",/, '')}`);
      lines.set(key, list);
    },
    digest: () => {
      const h = createHash('sha256');
      for (const id of [...lines.keys()].sort()) h.update(`${id}\n${lines.get(id)!.join('\n')}\n`);
      return h.digest('hex');
    },
  };
}

// The fleet bench's virtual day measures the simulator under DLB against the answering CSMS, which
// stores nothing. That figure stands for the simulator's cost only if the answering CSMS drives the
// load balancer as the reference CSMS does: these runs check it over real sockets.
describe('the virtual-day bench', () => {
  it('balances the car park through the answering CSMS exactly as through the reference CSMS', async () => {
    const window: Omit<VirtualDayOptions, 'csms'> = {
      transport: 'ws',
      hours: 1.5,
      startHour: 17.5,
      stations: 12,
    };
    const viaAnswering = stationSide();
    const answering = await runVirtualDay({ ...window, csms: 'answering', onFrame: viaAnswering.onFrame });
    const viaReference = stationSide();
    const reference = await runVirtualDay({ ...window, csms: 'reference', onFrame: viaReference.onFrame });

    expect(answering.summary.frames.invalid).toBe(0);
    expect(answering.dlb.errors).toEqual([]);
    expect(answering.summary.transactionsStarted).toBeGreaterThanOrEqual(4);
    expect(answering.dlb.profiles).toBeGreaterThan(answering.summary.transactionsStarted);
    expect(answering.dlb.rejected).toBe(0);
    // The same sessions, the same charging profiles, the same energy: frame for frame.
    expect(answering.summary.transactionsStarted).toBe(reference.summary.transactionsStarted);
    expect(answering.dlb.profiles).toBe(reference.dlb.profiles);
    expect(answering.summary.energyWh).toBe(reference.summary.energyWh);
    expect(viaAnswering.digest()).toBe(viaReference.digest());
  }, 120_000);
});
