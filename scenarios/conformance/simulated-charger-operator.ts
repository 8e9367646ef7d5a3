import { findEvSpec } from '../../simulator/ev/ev-catalog.js';
import { createEv } from '../../simulator/ev/ev-model.js';
import { configureFirmware } from '../../simulator/firmware/station-firmware.js';
import type { Station } from '../../simulator/station/station-core.js';
import type { ClockWait } from './clock-wait.js';
import type { Operator, OperatorAction, OperatorActionKind } from './operator.js';
import { SuspendableEv } from './suspendable-ev.js';

const CAN: ReadonlySet<OperatorActionKind> = new Set([
  'plug-in',
  'unplug',
  'ev-suspend',
  'present-id-tag',
  'power-cycle',
  'go-offline',
  'go-online',
  'arrange-failing-install',
]);

/** How long the simulated charger is given to send what tidying up causes, clock ms. */
const TIDY_MS = 10_000;

/**
 * Performs a case's operator steps on our own simulated charger: plugs EVs in and out, presents
 * cards, power-cycles it; the network outage is made at the test-mode CSMS (`setReachable`).
 */
export class SimulatedChargerOperator implements Operator {
  #failingInstall = false;
  readonly #evs = new Map<number, SuspendableEv>();

  constructor(
    private readonly station: Station,
    private readonly wait: ClockWait,
    private readonly setReachable: (reachable: boolean) => Promise<void>,
  ) {}

  can(kind: OperatorActionKind): boolean {
    return CAN.has(kind);
  }

  async perform(action: OperatorAction): Promise<void> {
    const station = this.station;
    const clock = this.wait.clock;
    switch (action.kind) {
      case 'plug-in': {
        const spec = findEvSpec('Volkswagen ID.3');
        if (spec === undefined) throw new Error('the EV catalogue has no Volkswagen ID.3');
        const now = clock.now();
        const ev = new SuspendableEv(
          createEv(spec, {
            arrivalMs: now,
            departureMs: Number.POSITIVE_INFINITY,
            arrivalSocPercent: 30,
            targetSocPercent: 90,
          }),
        );
        this.#evs.set(action.evseId, ev);
        station.plugIn(action.evseId, ev);
        return;
      }
      case 'unplug':
        station.unplug(action.evseId);
        this.#evs.delete(action.evseId);
        return;
      case 'ev-suspend': {
        const ev = this.#evs.get(action.evseId);
        if (ev === undefined) throw new Error(`no EV is plugged into EVSE ${action.evseId}`);
        ev.suspend();
        return;
      }
      case 'present-id-tag':
        station.presentIdTag(action.evseId, action.idTag).catch(() => undefined);
        return;
      case 'power-cycle':
        await station.stop();
        await station.start();
        return;
      case 'go-offline':
        await this.setReachable(false);
        return;
      case 'go-online':
        await this.setReachable(true);
        return;
      case 'arrange-failing-install':
        configureFirmware(station, { faults: { installFails: true } });
        this.#failingInstall = true;
        return;
      case 'block-connector-lock':
        throw new Error('the simulated charger has no connector lock to block');
      case 'csms-command':
        throw new Error('a charger cannot send a CSMS command');
    }
  }

  /** Ends transactions, unplugs EVs, restores the network, and lets the messages flow. */
  async tidyUp(): Promise<void> {
    await this.setReachable(true);
    if (this.#failingInstall) {
      configureFirmware(this.station, {});
      this.#failingInstall = false;
    }
    for (const evse of this.station.evses) {
      if (evse.tx !== undefined) this.station.stopLocal(evse.id);
      if (evse.ev !== undefined) this.station.unplug(evse.id);
    }
    this.#evs.clear();
    await this.wait.until(
      () => this.station.isOnline && this.station.queuedTransactionMessages === 0,
      TIDY_MS * 12,
    );
    await this.wait.pass(TIDY_MS / 10);
  }
}
