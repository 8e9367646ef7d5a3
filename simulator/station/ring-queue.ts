/**
 * A first-in first-out queue on a ring of slots that is only ever grown: a station's outbox takes
 * one message in and one out per sample, and an array's `push`/`shift` would give up and
 * reallocate its storage each time it runs empty.
 */
export class RingQueue<T> {
  #slots: (T | undefined)[] = new Array<T | undefined>(8).fill(undefined);
  #head = 0;
  #size = 0;

  /** Items waiting. */
  get size(): number {
    return this.#size;
  }

  /** The oldest item, or undefined when empty. */
  peek(): T | undefined {
    return this.#size === 0 ? undefined : this.#slots[this.#head];
  }

  /** Adds an item at the end. */
  push(item: T): void {
    if (this.#size === this.#slots.length) this.#grow();
    this.#slots[(this.#head + this.#size) % this.#slots.length] = item;
    this.#size++;
  }

  /** Removes and returns the oldest item, or undefined when empty. */
  shift(): T | undefined {
    if (this.#size === 0) return undefined;
    const item = this.#slots[this.#head];
    this.#slots[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.#slots.length;
    this.#size--;
    return item;
  }

  /** Items that satisfy `predicate`. */
  count(predicate: (item: T) => boolean): number {
    let n = 0;
    for (let i = 0; i < this.#size; i++) if (predicate(this.#at(i))) n++;
    return n;
  }

  /** Keeps, in order, the items for which `keep(item, index)` holds (index 0 is the oldest). */
  retain(keep: (item: T, index: number) => boolean): void {
    let kept = 0;
    for (let i = 0; i < this.#size; i++) {
      const item = this.#at(i);
      if (keep(item, i)) this.#slots[(this.#head + kept++) % this.#slots.length] = item;
    }
    for (let i = kept; i < this.#size; i++) this.#slots[(this.#head + i) % this.#slots.length] = undefined;
    this.#size = kept;
  }

  #at(i: number): T {
    return this.#slots[(this.#head + i) % this.#slots.length] as T;
  }

  #grow(): void {
    const slots = new Array<T | undefined>(this.#slots.length * 2).fill(undefined);
    for (let i = 0; i < this.#size; i++) slots[i] = this.#at(i);
    this.#slots = slots;
    this.#head = 0;
  }
}
