/**
 * Weighted max-min fair allocation with floors (progressive filling) under linear constraints
 * `sum(coeff_i * x_i) <= limit`. Sessions are first admitted in the given order as long as every
 * admitted session can get its floor; the others are paused (0). Then every admitted session's
 * level rises as `clamp(weight * t, floor, cap)`; when a constraint saturates, its sessions freeze.
 */

/** One linear constraint: the sum of `coeff * x` over `members` may not exceed `limit`. */
export interface FillConstraint {
  readonly id: string;
  readonly limit: number;
  readonly members: readonly { readonly index: number; readonly coeff: number }[];
}

/** One session to fill: floor, cap and weight (> 0). */
export interface FillItem {
  readonly floor: number;
  readonly cap: number;
  readonly weight: number;
}

/** Result per item: its level, and what stopped it (a constraint id, `cap`, or `paused:<id>`). */
export interface FillResult {
  readonly values: number[];
  readonly limitedBy: string[];
}

const EPS = 1e-9;

/** The constraints an item is a member of, with its coefficient in each. */
interface Membership {
  readonly ci: number;
  readonly coeff: number;
}

function fits(
  constraints: readonly FillConstraint[],
  byItem: readonly Membership[][],
  loads: number[],
  index: number,
  amount: number,
): string | undefined {
  for (const { ci, coeff } of byItem[index] ?? []) {
    const c = constraints[ci]!;
    if (loads[ci]! + coeff * amount > c.limit + EPS) return c.id;
  }
  return undefined;
}

/**
 * Per item, the constraints it is a member of (once per listing, in constraint order), each with
 * the coefficient of the item's first listing in that constraint.
 */
function memberships(constraints: readonly FillConstraint[], n: number): Membership[][] {
  const byItem: Membership[][] = Array.from({ length: n }, () => []);
  const seenIn = new Array<number>(n).fill(-1);
  const firstCoeff = new Array<number>(n).fill(0);
  constraints.forEach((c, ci) => {
    for (const m of c.members) {
      const list = byItem[m.index]!;
      if (seenIn[m.index] !== ci) {
        seenIn[m.index] = ci;
        firstCoeff[m.index] = m.coeff;
      }
      list.push({ ci, coeff: firstCoeff[m.index]! });
    }
  });
  return byItem;
}

/** Largest t >= tFrom at which the constraint still holds (Infinity when it never binds). */
function saturationT(
  c: FillConstraint,
  items: readonly FillItem[],
  values: readonly number[],
  frozen: readonly boolean[],
  tFrom: number,
): number {
  let load = 0;
  let slope = 0;
  const events: { t: number; dslope: number }[] = [];
  for (const { index, coeff } of c.members) {
    if (frozen[index] || coeff === 0) {
      load += coeff * values[index]!;
      continue;
    }
    const it = items[index]!;
    const lo = it.floor / it.weight;
    const hi = it.cap / it.weight;
    const v = Math.min(it.cap, Math.max(it.floor, it.weight * tFrom));
    load += coeff * v;
    if (tFrom >= hi) continue;
    if (tFrom >= lo) slope += coeff * it.weight;
    else events.push({ t: lo, dslope: coeff * it.weight });
    events.push({ t: hi, dslope: -coeff * it.weight });
  }
  if (load > c.limit + EPS) return tFrom;
  events.sort((a, b) => a.t - b.t);
  let t = tFrom;
  for (const e of events) {
    const atE = load + slope * (e.t - t);
    if (atE > c.limit && slope > 0) return t + (c.limit - load) / slope;
    load = atE;
    t = e.t;
    slope += e.dslope;
  }
  if (slope > 0) return t + (c.limit - load) / slope;
  return Infinity;
}

/**
 * The fill when the admitted items' caps fit every constraint together: each item in `order` at
 * its cap (0 for a cap of 0 or less), the others at 0, all limited by `cap`. Max-min fairness
 * gives that whatever the admission order, so {@link waterFill} need not fill. Undefined when some
 * constraint would be exceeded, or has a negative coefficient (then the floors' fit does not
 * follow from the caps').
 */
export function fillAtCaps(
  items: readonly FillItem[],
  constraints: readonly FillConstraint[],
  order: readonly number[],
): FillResult | undefined {
  const admitted = new Array<boolean>(items.length).fill(false);
  for (const i of order) admitted[i] = true;
  for (const c of constraints) {
    let load = 0;
    for (const { index, coeff } of c.members) {
      if (coeff < 0) return undefined;
      const cap = items[index]!.cap;
      if (admitted[index] && cap > 0) load += coeff * cap;
    }
    if (load > c.limit + EPS) return undefined;
  }
  return {
    values: items.map((it, i) => (admitted[i] && it.cap > 0 ? it.cap : 0)),
    limitedBy: new Array<string>(items.length).fill('cap'),
  };
}

/**
 * Fills `items` under `constraints`. `order` lists item indices by admission priority (who keeps
 * charging when not everyone can get their floor). Items with cap 0 get 0 (`limitedBy: 'cap'`).
 * When the caps fit, every admitted item gets its cap at once ({@link fillAtCaps}).
 */
export function waterFill(
  items: readonly FillItem[],
  constraints: readonly FillConstraint[],
  order: readonly number[],
): FillResult {
  return fillAtCaps(items, constraints, order) ?? progressiveFill(items, constraints, order);
}

/**
 * {@link waterFill} by progressive filling: floors admitted in `order`, then every level rising
 * until a constraint saturates or the item reaches its cap.
 */
export function progressiveFill(
  items: readonly FillItem[],
  constraints: readonly FillConstraint[],
  order: readonly number[],
): FillResult {
  const n = items.length;
  const values = new Array<number>(n).fill(0);
  const limitedBy = new Array<string>(n).fill('cap');
  const frozen = new Array<boolean>(n).fill(false);
  const byItem = memberships(constraints, n);

  // Admission: floors first, in order.
  const loads = new Array<number>(constraints.length).fill(0);
  for (const i of order) {
    const it = items[i]!;
    if (it.cap <= 0) {
      frozen[i] = true;
      continue;
    }
    const blocked = fits(constraints, byItem, loads, i, it.floor);
    if (blocked !== undefined) {
      frozen[i] = true;
      limitedBy[i] = `paused:${blocked}`;
      continue;
    }
    for (const { ci, coeff } of byItem[i]!) loads[ci]! += coeff * it.floor;
    values[i] = it.floor;
  }
  const ordered = new Array<boolean>(n).fill(false);
  for (const i of order) ordered[i] = true;
  for (let i = 0; i < n; i++) if (!ordered[i]) frozen[i] = true;

  // Progressive filling.
  let t = 0;
  for (let round = 0; round <= n; round++) {
    const growing = items.map((_, i) => i).filter((i) => !frozen[i]);
    if (growing.length === 0) break;
    let tStar = Infinity;
    const ts = constraints.map((c) => {
      if (!c.members.some((m) => !frozen[m.index])) return Infinity;
      const s = saturationT(c, items, values, frozen, t);
      if (s < tStar) tStar = s;
      return s;
    });
    if (tStar === Infinity) {
      for (const i of growing) {
        values[i] = items[i]!.cap;
        limitedBy[i] = 'cap';
        frozen[i] = true;
      }
      break;
    }
    t = Math.max(t, tStar);
    for (const i of growing) {
      const it = items[i]!;
      values[i] = Math.min(it.cap, Math.max(it.floor, it.weight * t));
    }
    const tol = EPS * Math.max(1, t);
    constraints.forEach((c, ci) => {
      if (ts[ci]! > t + tol) return;
      for (const m of c.members) {
        if (frozen[m.index] || m.coeff === 0) continue;
        frozen[m.index] = true;
        limitedBy[m.index] = c.id;
      }
    });
    for (const i of growing) {
      if (!frozen[i] && values[i]! >= items[i]!.cap - EPS) {
        frozen[i] = true;
        limitedBy[i] = 'cap';
      }
    }
  }
  return { values, limitedBy };
}
