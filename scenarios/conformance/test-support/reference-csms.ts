import { createMemoryTransport } from '../../../common/memory-transport.js';
import { VirtualClock } from '../../../common/virtual-clock.js';
import { UserStore } from '../../../csms/auth/user-store.js';
import { createCsms } from '../../../csms/create-csms.js';
import type { Csms, CsmsOptions } from '../../../csms/create-csms.js';
import type { Transport } from '../../../common/transport.js';

/** The id tag the reference CSMS is given for the CSMS-side cases. */
export const ACCEPTED_TAG = 'CONFTAG0001';

/** The reference CSMS in virtual time over the memory transport, on an in-memory store, with one accepted tag. */
export async function aReferenceCsms(
  over: Partial<CsmsOptions> = {},
  wrapTransport: (t: Transport) => Transport = (t) => t,
): Promise<{
  csms: Csms;
  clock: VirtualClock;
  transport: Transport;
}> {
  const clock = new VirtualClock({ startMs: Date.parse('2025-03-01T08:00:00Z') });
  const transport = createMemoryTransport({ tracker: clock.tracker });
  const csms = createCsms({
    clock,
    transport: wrapTransport(transport),
    store: { dataDir: ':memory:' },
    ...over,
  });
  await csms.start();
  await clock.tracker.track(new UserStore(csms.store).addToken({ token: ACCEPTED_TAG }, clock.now()));
  return { csms, clock, transport };
}
