import { seededFaker } from '../../common/seeded-faker.js';
import type { Rng } from '../../common/rng.js';
import type { StationIdentity } from './station-types.js';

/** Longest vendor and model names both versions accept (1.6 CiString20Type). */
const MAX_NAME = 20;
/** Longest serial number both versions accept (CiString25Type). */
const MAX_SERIAL = 25;

/**
 * A plausible charger identity drawn from `rng`: vendor, model, serial number and firmware
 * version, within the length limits of both versions' BootNotification schemas.
 */
export function drawStationIdentity(rng: Rng): StationIdentity {
  const faker = seededFaker(rng.fork('identity'));
  const vendor = faker.company
    .name()
    .replace(/[^A-Za-z0-9 ]/g, '')
    .trim()
    .slice(0, MAX_NAME)
    .trim();
  const series = faker.string.alpha({ length: 2, casing: 'upper' });
  const power = faker.helpers.arrayElement(['7', '11', '22']);
  const model = `${series}-${power}K-${faker.string.numeric(2)}`.slice(0, MAX_NAME);
  const serialNumber = `${series}${faker.string.alphanumeric({ length: 12, casing: 'upper' })}`.slice(
    0,
    MAX_SERIAL,
  );
  const firmwareVersion = faker.system.semver();
  return { vendor: vendor === '' ? 'Generic' : vendor, model, serialNumber, firmwareVersion };
}
