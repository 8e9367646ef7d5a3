/**
 * Serialises use of one database session between single statements and transactions. A statement
 * starts at once while no transaction holds the session (the session itself runs statements in
 * the order they were sent); while one does, statements and further transactions wait their turn
 * and start in the order they asked, when the transaction releases the session.
 */
export class SessionGate {
  #held = false;
  readonly #waiting: (() => void)[] = [];

  /** True while a transaction holds the session. */
  get held(): boolean {
    return this.#held;
  }

  /** Starts `start` now when the session is free, otherwise once every earlier holder is done. */
  pass<T>(start: () => Promise<T>): Promise<T> {
    if (!this.#held) return start();
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push(() => {
        start().then(resolve, reject);
      });
    });
  }

  /**
   * Takes the session for a transaction, once every earlier holder and statement has started.
   * @returns the function that gives it back; call it exactly once.
   */
  hold(): Promise<() => void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve) => {
      this.#waiting.push(() => {
        this.#held = true;
        resolve(this.#releaser());
      });
    });
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#held = false;
      while (!this.#held && this.#waiting.length > 0) this.#waiting.shift()!();
    };
  }
}
