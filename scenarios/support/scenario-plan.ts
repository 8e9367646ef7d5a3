import type { OcppVersion } from '../../common/ocpp-version.js';
import type { Phase } from '../../common/units.js';
import type { HomeModes } from '../../csms/dlb/dlb-settings.js';
import type { FirmwareFaults } from '../../simulator/firmware/firmware-options.js';
import type { SiteConfig } from '../../simulator/site/site-config.js';
import type { MoneyValue, TimeOfDay } from './parameter-types.js';
import { ScenarioInputError } from './run-context.js';

/** A charger as a scenario sets it up. */
export interface PlannedCharger {
  readonly id: string;
  readonly version: OcppVersion;
  readonly maxCurrentA: number;
  readonly phases: 1 | 3;
  readonly phase: Phase;
  /** The circuit feeding it (`main` or a sub-panel id). */
  circuitId: string;
}

/** A sub-panel below the main fuse or another sub-panel. */
export interface PlannedPanel {
  readonly id: string;
  readonly maxPerPhaseA: number;
  readonly parentId: string;
}

/** A user of the billing system. */
export interface PlannedUser {
  readonly name: string;
  readonly token: string;
  readonly wallet: MoneyValue;
  vip: boolean;
}

/** The day a scenario runs on when it does not say (a Monday), in site time. */
export const SCENARIO_DAY = '2026-03-02';

/** Everything the Given steps set up, before the simulation starts. */
export class ScenarioPlan {
  site: SiteConfig | undefined;
  /** Where the site came from (a file), for messages. */
  siteSource = 'the scenario';
  readonly chargers: PlannedCharger[] = [];
  readonly panels: PlannedPanel[] = [];
  strategy = 'equal-share';
  readonly modes: Partial<HomeModes> = {};
  tariff: MoneyValue | undefined;
  readonly users = new Map<string, PlannedUser>();
  csmsUrl: string | undefined;
  start: TimeOfDay | undefined;
  seed: string | number | undefined;
  /** Firmware update faults of chargers, by charger id. */
  readonly firmwareFaults = new Map<string, FirmwareFaults>();

  /** The site. @throws ScenarioInputError when no site step came first */
  needSite(): SiteConfig {
    if (this.site === undefined) {
      throw new ScenarioInputError(
        'no site yet: start the scenario with "Given a site with a 60 A main fuse on 3 phases" or "Given a site from "<file>""',
      );
    }
    return this.site;
  }

  /** Adds a charger. @throws ScenarioInputError on a duplicate id or a phase the site lacks */
  addCharger(c: PlannedCharger): void {
    const site = this.needSite();
    if (this.chargers.some((x) => x.id === c.id)) {
      throw new ScenarioInputError(`charger "${c.id}" is set up twice; give every charger its own id`);
    }
    if (c.phases === 3 && site.phases === 1) {
      throw new ScenarioInputError(`charger "${c.id}" is three-phase but the site has 1 phase`);
    }
    if (site.phases === 1 && c.phase !== 'L1') {
      throw new ScenarioInputError(`charger "${c.id}" is on ${c.phase} but a 1-phase site only has L1`);
    }
    this.chargers.push(c);
  }

  /** The charger with that id. @throws ScenarioInputError naming the known ids */
  charger(id: string): PlannedCharger {
    const c = this.chargers.find((x) => x.id === id);
    if (c === undefined) {
      const known = this.chargers.map((x) => `"${x.id}"`).join(', ') || 'none';
      throw new ScenarioInputError(`no charger "${id}" in this scenario (chargers: ${known})`);
    }
    return c;
  }

  /** The user with that name. @throws ScenarioInputError naming the known users */
  user(name: string): PlannedUser {
    const u = this.users.get(name);
    if (u === undefined) {
      const known = [...this.users.keys()].map((n) => `"${n}"`).join(', ') || 'none';
      throw new ScenarioInputError(
        `no user "${name}" (users: ${known}); add "Given a user "${name}" with a wallet of 500.00 INR"`,
      );
    }
    return u;
  }

  /** Ids of every circuit: `main` and the sub-panels. */
  circuitIds(): string[] {
    return ['main', ...this.panels.map((p) => p.id)];
  }
}
