const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

/** Orders names as people do (`CP2` before `CP10`), ties broken by code units so the order is total. */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
