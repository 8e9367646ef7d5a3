/** 128-bit string hash (cyrb128) used to derive stream seeds from a run seed and a name. */
function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * A seeded pseudo-random stream (sfc32). Every random draw in the harness comes from one of these,
 * derived from the run seed, so the same seed gives the same run.
 */
export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  /**
   * @param seed the run seed (any string or integer)
   * @param path the stream's name below the seed, e.g. `station/CP001`
   */
  constructor(
    readonly seed: string | number,
    readonly path = '',
  ) {
    [this.#a, this.#b, this.#c, this.#d] = hash128(`${seed}\u0000${path}`);
    for (let i = 0; i < 15; i++) this.#next32();
  }

  /** An independent stream for a named entity (`rng.fork('station/CP001')`); order of forks does not matter. */
  fork(name: string): Rng {
    return new Rng(this.seed, this.path === '' ? name : `${this.path}/${name}`);
  }

  #next32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.#next32() / 4294967296;
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new Error(`Rng.int needs integers min <= max, got ${min}, ${max}`);
    }
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A uniformly chosen element. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick needs a non-empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** An element chosen with the given non-negative weights. */
  weighted<T>(items: readonly { item: T; weight: number }[]): T {
    const bad = items.find((i) => !Number.isFinite(i.weight) || i.weight < 0);
    if (bad !== undefined) throw new Error(`Rng.weighted needs finite weights >= 0, got ${bad.weight}`);
    const total = items.reduce((s, i) => s + i.weight, 0);
    if (!(total > 0)) throw new Error('Rng.weighted needs a positive total weight');
    let r = this.next() * total;
    for (const { item, weight } of items) {
      r -= weight;
      if (r < 0) return item;
    }
    return items[items.length - 1]!.item;
  }

  /** Normal draw (Box-Muller). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A 32-bit unsigned integer, e.g. to seed another generator. */
  uint32(): number {
    return this.#next32();
  }
}
