/**
 * What `JSON.parse(JSON.stringify(value))` gives, built by copying instead of printing and reading
 * text, or undefined when the copy could differ from it, so that the caller falls back to the text.
 * The copy shares no object with `value`.
 *
 * Plain objects and arrays of strings, finite numbers, booleans and null are copied (`-0` becomes
 * `0`, as in JSON; a property whose value is `undefined` is left out, as JSON leaves it out).
 * Anything JSON would transform otherwise gives undefined: a class instance or an object with
 * `toJSON` (a Date), a non-finite number, a function, symbol or bigint, `undefined` or a hole in an
 * array, and a `__proto__` key (JSON.parse makes it an own property, an assignment would not).
 * A getter is read once more than JSON.stringify reads it. A value nested too deep for the copy's
 * recursion also gives undefined.
 */
export function jsonCopy(value: unknown): unknown {
  let copy: unknown;
  try {
    copy = copyValue(value);
  } catch (err) {
    // Nested deeper than this copy's recursion reaches (JSON.stringify reaches a little deeper).
    if (err instanceof RangeError) return undefined;
    throw err;
  }
  return copy === UNCOPYABLE ? undefined : copy;
}

const UNCOPYABLE: unique symbol = Symbol('uncopyable');

function copyValue(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (value === 0) return 0;
      return Number.isFinite(value) ? value : UNCOPYABLE;
    case 'object':
      if (value === null) return null;
      return Array.isArray(value) ? copyArray(value) : copyObject(value);
    default:
      return UNCOPYABLE;
  }
}

function copyArray(value: readonly unknown[]): unknown {
  if (Object.getPrototypeOf(value) !== Array.prototype) return UNCOPYABLE;
  const out: unknown[] = new Array<unknown>(value.length);
  for (let i = 0; i < value.length; i++) {
    const item = copyValue(value[i]);
    if (item === UNCOPYABLE || item === undefined) return UNCOPYABLE;
    out[i] = item;
  }
  return out;
}

function copyObject(value: object): unknown {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return UNCOPYABLE;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  // for-in with an own-property check lists Object.keys' keys in its order, without building the array.
  for (const key in source) {
    if (!Object.hasOwn(source, key)) continue;
    const field = source[key];
    if (field === undefined) continue;
    if (key === '__proto__') return UNCOPYABLE;
    const item = copyValue(field);
    if (item === UNCOPYABLE) return UNCOPYABLE;
    out[key] = item;
  }
  return out;
}

/**
 * At least as many bytes as the UTF-8 text of `JSON.stringify(value)` has, for plain JSON data
 * (what {@link jsonCopy} gives): a string counts 6 bytes a UTF-16 unit (an escape `\uXXXX` is
 * the longest a unit can print as), a number 24 (the longest a double prints as). A frame whose
 * bound is under the size limit fits without its text being built.
 */
export function jsonBytesAtMost(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return 2 + 6 * value.length;
    case 'number':
      return 24;
    case 'boolean':
      return 5;
    case 'object': {
      if (value === null) return 4;
      let bytes = 2;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) bytes += 1 + jsonBytesAtMost(value[i]);
        return bytes;
      }
      const source = value as Record<string, unknown>;
      for (const key in source) {
        if (Object.hasOwn(source, key)) bytes += 4 + 6 * key.length + jsonBytesAtMost(source[key]);
      }
      return bytes;
    }
    default:
      return 4; // JSON prints what it cannot represent as null, or leaves it out
  }
}
