import { describe, expect, it } from 'vitest';
import { loadSite } from './load-site.js';

describe('loadSite', () => {
  it('loads the reference home', () => {
    const site = loadSite(new URL('../../scenarios/sites/reference-home.json', import.meta.url).pathname);
    expect(site.mainFuseA).toBe(60);
  });
});
