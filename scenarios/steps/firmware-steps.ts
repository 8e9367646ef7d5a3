import { isFailed } from '../../csms/firmware/firmware-types.js';
import type { FirmwareFaults } from '../../simulator/firmware/firmware-options.js';
import { stationFirmware } from '../../simulator/firmware/station-firmware.js';
import { ScenarioInputError } from '../support/run-context.js';
import type { ScenarioSim } from '../support/scenario-sim.js';
import type { StepSpec } from '../support/step-library.js';
import { step } from '../support/step-library.js';
import type { ScenarioWorld } from '../support/world.js';

/** Size of the firmware images a scenario uploads, bytes. */
const IMAGE_BYTES = 64 * 1024;

/** Deterministic image bytes for a version (a pattern, no randomness). */
function imageOf(version: string): Uint8Array {
  const salt = [...version].reduce((a, ch) => (a * 31 + ch.charCodeAt(0)) & 0xff, 7);
  const bytes = new Uint8Array(IMAGE_BYTES);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + salt + (i >> 8)) & 0xff;
  return bytes;
}

async function rollOut(w: ScenarioWorld, version: string, stageSize: number | undefined): Promise<void> {
  const sim = await w.sim();
  const { firmware } = sim.needLocal('a firmware rollout');
  if (!/^[A-Za-z0-9._+-]{1,50}$/.test(version)) {
    throw new ScenarioInputError(`firmware version "${version}": use letters, digits, '.', '-', '+' or '_'`);
  }
  const engine = firmware.engine;
  const bytes = imageOf(version);
  const image = await engine.images.save(
    { version, fileName: `firmware-${version}.bin` },
    (async function* () {
      await Promise.resolve();
      yield bytes;
    })(),
    sim.clock.now(),
    IMAGE_BYTES,
  );
  const ids = w.plan.chargers.map((c) => c.id);
  const size = stageSize ?? ids.length;
  if (!(size >= 1)) throw new ScenarioInputError(`a stage has at least 1 charger, not ${size}`);
  const campaign = await engine.create({
    firmwareId: image.id,
    stations: ids,
    canaryCount: Math.min(size, ids.length),
    waveSize: size,
    maxFailureShare: 0.5,
    retries: 1,
    retryIntervalS: 300,
  });
  sim.campaigns.push(campaign.id);
}

function versionOf(sim: ScenarioSim, id: string): string {
  return stationFirmware(sim.station(id)).installedVersion;
}

function fault(w: ScenarioWorld, id: string, f: FirmwareFaults): void {
  const plan = w.planning('a firmware fault');
  plan.charger(id);
  plan.firmwareFaults.set(id, { ...plan.firmwareFaults.get(id), ...f });
}

/** Steps about firmware campaigns. */
export const FIRMWARE_STEPS: readonly StepSpec[] = [
  step<[string]>(
    'Given',
    'firmware',
    'charger {string} fails to install firmware',
    'The charger downloads an update but its installation fails (InstallationFailed).',
    'charger "CP3" fails to install firmware',
    (w, id) => fault(w, id, { installFails: true }),
  ),
  step<[string]>(
    'Given',
    'firmware',
    'charger {string} fails to download firmware',
    'Every download attempt of the charger fails (DownloadFailed).',
    'charger "CP4" fails to download firmware',
    (w, id) => fault(w, id, { downloadFails: true }),
  ),
  step<[string]>(
    'When',
    'firmware',
    'firmware {string} is rolled out to all chargers',
    'Uploads an image of that version to the CSMS and starts a campaign to every charger at once.',
    'firmware "2.4.1" is rolled out to all chargers',
    async (w, version) => rollOut(w, version, undefined),
  ),
  step<[string, number]>(
    'When',
    'firmware',
    'firmware {string} is rolled out in stages of {int} charger(s)',
    'A staged campaign: the first stage is the canary, each next stage starts when the previous one finished; a failed charger is retried once after 5 min, and the campaign halts when over half of the chargers fail.',
    'firmware "2.4.1" is rolled out in stages of 2 chargers',
    async (w, version, size) => rollOut(w, version, size),
  ),
  step<[string]>(
    'Then',
    'firmware',
    'every charger runs firmware {string}',
    'Every charger has installed and booted that version.',
    'every charger runs firmware "2.4.1"',
    async (w, version) => {
      const sim = await w.sim();
      const off = w.plan.chargers.map((c) => [c.id, versionOf(sim, c.id)]).filter(([, v]) => v !== version);
      if (off.length > 0) {
        throw new Error(
          `expected every charger on firmware ${version}; ${off.map(([id, v]) => `${id} runs ${v}`).join(', ')}`,
        );
      }
    },
  ),
  step<[string, string]>(
    'Then',
    'firmware',
    'charger {string} runs firmware {string}',
    'The charger has installed and booted that version.',
    'charger "CP1" runs firmware "2.4.1"',
    async (w, id, version) => {
      const v = versionOf(await w.sim(), id);
      if (v !== version) throw new Error(`charger "${id}" runs firmware ${v}, expected ${version}`);
    },
  ),
  step<[string]>(
    'Then',
    'firmware',
    'the firmware campaign failed at charger {string}',
    "The CSMS recorded the charger's update as failed (download or installation) in the last campaign.",
    'the firmware campaign failed at charger "CP3"',
    async (w, id) => {
      const sim = await w.sim();
      sim.station(id);
      const { firmware } = sim.needLocal('a firmware check');
      const campaignId = sim.campaigns[sim.campaigns.length - 1];
      if (campaignId === undefined) throw new Error('no firmware campaign was started in this scenario');
      const row = (await firmware.engine.campaigns.stations(campaignId)).find((r) => r.stationId === id);
      if (row === undefined) throw new Error(`charger "${id}" is not in firmware campaign ${campaignId}`);
      if (!isFailed(row.state)) {
        throw new Error(
          `charger "${id}" is ${row.state} in firmware campaign ${campaignId}, expected a failure`,
        );
      }
    },
  ),
  step<[string]>(
    'Then',
    'firmware',
    'the firmware campaign is {string}',
    'The status of the last campaign: SCHEDULED, CANARY, ROLLING_OUT, HALTED or COMPLETED.',
    'the firmware campaign is "COMPLETED"',
    async (w, status) => {
      const sim = await w.sim();
      const { firmware } = sim.needLocal('a firmware check');
      const campaignId = sim.campaigns[sim.campaigns.length - 1];
      if (campaignId === undefined) throw new Error('no firmware campaign was started in this scenario');
      const c = await firmware.engine.campaigns.get(campaignId);
      if (c?.status !== status) {
        throw new Error(`firmware campaign ${campaignId} is ${c?.status ?? 'missing'}, expected ${status}`);
      }
    },
  ),
];
