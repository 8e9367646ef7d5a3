let nextTrackerNumber = 1;

/**
 * Knows whether the process has work in flight that virtual time must wait for: frames sent on a
 * tracked link and not yet delivered to the other end, and tracked promises (database I/O and the
 * like). A {@link VirtualClock} waits for this to be idle before each jump.
 *
 * Both ends of a link must share one tracker; frames are counted per link, so a link that closes
 * with frames still in flight stops counting instead of blocking time forever.
 */
export class ActivityTracker {
  readonly #links = new Map<string, { sent: number; received: number }>();
  /** Σ max(0, sent − received) over `#links`, kept up to date frame by frame. */
  #inFlight = 0;
  #pendingPromises = 0;
  #generation = 0;
  #nextLink = 1;
  /** Prefix of this tracker's link ids: ids are unique in the process and name their tracker. */
  readonly #prefix = `tracker-${nextTrackerNumber++}/`;
  #waiters: (() => void)[] = [];
  /** Wakes the waiters when nothing changed for a while; re-armed, never made anew per wait. */
  #poll: NodeJS.Timeout | undefined;

  /**
   * @param stallTimeoutMs wall milliseconds `waitIdle` tolerates with no progress before it
   *   rejects and names what is stuck (a frame that can never arrive would otherwise freeze time).
   */
  constructor(readonly stallTimeoutMs = 10_000) {}

  /** A fresh link id, unique in this process. */
  newLinkId(): string {
    return `${this.#prefix}link-${this.#nextLink++}`;
  }

  /**
   * True when `linkId` was made by this tracker: a server end counts a link only then, so that a
   * peer timed by another clock in the same process never blocks this one.
   */
  owns(linkId: string): boolean {
    return linkId.startsWith(this.#prefix);
  }

  /** Records a frame written to a link. */
  frameSent(linkId: string): void {
    const link = this.#link(linkId);
    if (link.sent >= link.received) this.#inFlight++;
    link.sent++;
    this.#generation++;
  }

  /** Records a frame delivered to the handler at the other end of a link. */
  frameReceived(linkId: string): void {
    const link = this.#link(linkId);
    if (link.sent > link.received) this.#inFlight--;
    link.received++;
    this.#changed();
  }

  /** Forgets a link: frames still counted on it will never arrive. */
  linkClosed(linkId: string): void {
    const link = this.#links.get(linkId);
    if (link === undefined) return;
    this.#inFlight -= Math.max(0, link.sent - link.received);
    this.#links.delete(linkId);
    this.#changed();
  }

  /** Counts `promise` as work in flight until it settles. */
  track<T>(promise: Promise<T>): Promise<T> {
    this.#pendingPromises++;
    this.#generation++;
    const done = (): void => {
      this.#pendingPromises--;
      this.#changed();
    };
    promise.then(done, done);
    return promise;
  }

  /** Frames in flight over all links. */
  get framesInFlight(): number {
    return this.#inFlight;
  }

  /** True when frames or tracked promises are in flight. */
  get busy(): boolean {
    return this.#pendingPromises > 0 || this.framesInFlight > 0;
  }

  /**
   * Resolves once no frame or tracked promise is in flight and two event-loop turns pass with
   * nothing new started (microtasks and ready I/O callbacks drained).
   */
  async waitIdle(): Promise<void> {
    let lastProgress = performance.now();
    let lastGeneration = -1;
    for (;;) {
      await nextTurn();
      if (this.busy) {
        await this.#nextChangeOrTurn();
      } else {
        const g = this.#generation;
        await nextTurn();
        if (!this.busy && g === this.#generation) return;
      }
      if (this.#generation !== lastGeneration) {
        lastGeneration = this.#generation;
        lastProgress = performance.now();
      } else if (performance.now() - lastProgress > this.stallTimeoutMs) {
        throw new Error(
          `virtual time stalled: ${this.framesInFlight} frame(s) and ${this.#pendingPromises} tracked ` +
            `operation(s) in flight for ${this.stallTimeoutMs} ms of wall time`,
        );
      }
    }
  }

  #link(linkId: string): { sent: number; received: number } {
    let link = this.#links.get(linkId);
    if (link === undefined) {
      link = { sent: 0, received: 0 };
      this.#links.set(linkId, link);
    }
    return link;
  }

  #changed(): void {
    this.#generation++;
    if (this.#waiters.length > 0) this.#wake();
  }

  #nextChangeOrTurn(): Promise<void> {
    return new Promise((resolve) => {
      // I/O-bound work (a real socket) needs the poll phase: re-check at least every few ms. The
      // timer is armed by the first waiter and wakes them all, so none waits longer than that.
      if (this.#waiters.length === 0) {
        if (this.#poll === undefined) this.#poll = setTimeout(() => this.#wake(), POLL_MS).unref();
        else this.#poll.refresh();
      }
      this.#waiters.push(resolve);
    });
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }
}

/** Longest wait for a change before busy work is looked at again. */
const POLL_MS = 5;

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
