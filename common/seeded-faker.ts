import { Faker, en } from '@faker-js/faker';
import type { Rng } from './rng.js';

/**
 * A faker instance seeded from `rng` (English locale): same stream, same fake identities. Kept
 * apart from `rng.ts` so that code drawing only numbers (the CSMS) does not load faker's data.
 */
export function seededFaker(rng: Rng): Faker {
  const faker = new Faker({ locale: [en] });
  faker.seed(rng.uint32());
  return faker;
}
