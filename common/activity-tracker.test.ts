import { describe, expect, it } from 'vitest';
import { ActivityTracker } from './activity-tracker.js';
import { Rng } from './rng.js';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('ActivityTracker', () => {
  it('hands out distinct link ids', () => {
    const t = new ActivityTracker();
    const ids = new Set(Array.from({ length: 100 }, () => t.newLinkId()));
    expect(ids.size).toBe(100);
  });

  it('knows its own link ids from those of another tracker', () => {
    const [a, b] = [new ActivityTracker(), new ActivityTracker()];
    const [idA, idB] = [a.newLinkId(), b.newLinkId()];
    expect(idA).not.toBe(idB);
    expect([a.owns(idA), a.owns(idB), b.owns(idB)]).toEqual([true, false, true]);
  });

  it('counts frames in flight per link until they are received, and forgets a closed link', () => {
    const t = new ActivityTracker();
    const [a, b] = [t.newLinkId(), t.newLinkId()];
    t.frameSent(a);
    t.frameSent(a);
    t.frameSent(b);
    expect(t.framesInFlight).toBe(3);
    t.frameReceived(a);
    expect([t.framesInFlight, t.busy]).toEqual([2, true]);
    t.linkClosed(a);
    expect(t.framesInFlight).toBe(1);
    t.frameReceived(b);
    expect([t.framesInFlight, t.busy]).toEqual([0, false]);
  });

  it('counts frames in flight as the sum over links of frames sent and not yet received (never below 0)', () => {
    const t = new ActivityTracker();
    const rng = new Rng('tracker-in-flight');
    const links = [t.newLinkId(), t.newLinkId(), t.newLinkId()];
    const model = new Map<string, { sent: number; received: number }>();
    const of = (id: string): { sent: number; received: number } => {
      if (!model.has(id)) model.set(id, { sent: 0, received: 0 });
      return model.get(id)!;
    };
    const expected = (): number =>
      [...model.values()].reduce((n, l) => n + Math.max(0, l.sent - l.received), 0);
    for (let step = 0; step < 2_000; step++) {
      const id = rng.pick(links);
      const what = rng.weighted([
        { item: 'sent', weight: 5 },
        { item: 'received', weight: 5 },
        { item: 'closed', weight: 1 },
      ]);
      if (what === 'sent') {
        t.frameSent(id);
        of(id).sent++;
      } else if (what === 'received') {
        t.frameReceived(id); // also after a close: a late frame must not make the count negative
        of(id).received++;
      } else {
        t.linkClosed(id);
        model.delete(id);
      }
      expect(t.framesInFlight).toBe(expected());
    }
  });

  it.each([
    ['resolves', (): Promise<string> => Promise.resolve('ok')],
    ['rejects', (): Promise<string> => Promise.reject(new Error('query failed'))],
  ])('is busy while a tracked promise is pending, whether it %s', async (_name, outcome) => {
    const t = new ActivityTracker();
    const work = t.track(new Promise((resolve) => setImmediate(() => resolve(outcome()))));
    expect(t.busy).toBe(true);
    await work.catch(() => undefined);
    await turn();
    expect(t.busy).toBe(false);
  });

  it('waitIdle resolves only after a frame in flight has arrived', async () => {
    const t = new ActivityTracker();
    const link = t.newLinkId();
    t.frameSent(link);
    let arrived = false;
    setImmediate(() =>
      setImmediate(() => {
        arrived = true;
        t.frameReceived(link);
      }),
    );
    await t.waitIdle();
    expect(arrived).toBe(true);
  });

  it('waitIdle rejects and names what is stuck when a frame can never arrive', async () => {
    const t = new ActivityTracker(50);
    t.frameSent(t.newLinkId());
    await expect(t.waitIdle()).rejects.toThrow(
      /virtual time stalled: 1 frame\(s\) and 0 tracked operation\(s\) in flight/,
    );
  });

  it('wakes every concurrent waiter while work stays busy with nothing changing', async () => {
    const t = new ActivityTracker(50);
    t.frameSent(t.newLinkId());
    const first = t.waitIdle();
    await turn();
    const second = t.waitIdle();
    await Promise.all([
      expect(first).rejects.toThrow(/virtual time stalled/),
      expect(second).rejects.toThrow(/virtual time stalled/),
    ]);
  });
});
