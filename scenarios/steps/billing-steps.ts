import { billedSessions } from '../support/billing-ledger.js';
import type { BilledSession } from '../support/billing-ledger.js';
import { arriveEv, leaveEv } from '../support/ev-arrival.js';
import { formatMoneyValue } from '../support/parameter-types.js';
import type { MoneyValue } from '../support/parameter-types.js';
import { ScenarioInputError } from '../support/run-context.js';
import type { ScenarioWorld } from '../support/world.js';
import type { StepSpec } from '../support/step-library.js';
import { step } from '../support/step-library.js';
import { DEFAULT_WANTED_WH } from './ev-steps.js';

function tokenFor(name: string): string {
  const slug = name
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .slice(0, 14);
  return `USR-${slug}`;
}

async function lastSessionAt(w: ScenarioWorld, chargerId: string): Promise<BilledSession> {
  const sim = await w.sim();
  sim.station(chargerId);
  const local = sim.needLocal('a billing check');
  await local.csms.flush();
  const sessions = (await billedSessions(local.csms.store)).filter((s) => s.stationId === chargerId);
  const last = sessions[sessions.length - 1];
  if (last === undefined) {
    throw new Error(
      `no billed session at charger "${chargerId}" yet: a session is billed when it ends ("When user … stops charging at charger …")`,
    );
  }
  return last;
}

/** Steps about tariffs, wallets and billed sessions. */
export const BILLING_STEPS: readonly StepSpec[] = [
  step<[MoneyValue]>(
    'Given',
    'billing',
    'the tariff is {money} per kWh',
    'A flat energy price for every charger, in force from before the scenario starts.',
    'the tariff is 12.50 INR per kWh',
    (w, price) => {
      w.planning('the tariff is').tariff = price;
    },
  ),
  step<[string, MoneyValue]>(
    'Given',
    'billing',
    'a user {string} with a wallet of {money}',
    'A user with a tag (virtual RFID) and a wallet topped up with the amount.',
    'a user "Asha" with a wallet of 500.00 INR',
    (w, name, wallet) => {
      const plan = w.planning('a user with a wallet');
      if (plan.users.has(name)) throw new ScenarioInputError(`user "${name}" is set up twice`);
      plan.users.set(name, { name, token: tokenFor(name), wallet, vip: false });
    },
  ),
  step<[string, string]>(
    'When',
    'billing',
    'user {string} starts charging at charger {string}',
    `The user's EV plugs in and the user presents their tag; the EV wants ${DEFAULT_WANTED_WH / 1000} kWh.`,
    'user "Asha" starts charging at charger "CP1"',
    async (w, name, chargerId) => {
      const sim = await w.sim();
      const user = w.plan.user(name);
      await arriveEv(sim, {
        chargerId,
        wantedWh: DEFAULT_WANTED_WH,
        atMs: sim.clock.now(),
        token: user.token,
      });
    },
  ),
  step<[string, string, number]>(
    'When',
    'billing',
    'user {string} starts charging at charger {string} wanting {energy}',
    'As above, with the energy the EV wants.',
    'user "Asha" starts charging at charger "CP1" wanting 8 kWh',
    async (w, name, chargerId, wantedWh) => {
      const sim = await w.sim();
      const user = w.plan.user(name);
      await arriveEv(sim, { chargerId, wantedWh, atMs: sim.clock.now(), token: user.token });
    },
  ),
  step<[string, string]>(
    'When',
    'billing',
    'user {string} stops charging at charger {string}',
    'The user unplugs; the transaction ends and is billed.',
    'user "Asha" stops charging at charger "CP1"',
    async (w, name, chargerId) => {
      w.plan.user(name);
      const sim = await w.sim();
      leaveEv(sim, chargerId);
      await sim.runFor(5_000);
    },
  ),
  step<[string, MoneyValue]>(
    'When',
    'billing',
    'user {string} tops up {money}',
    "Credits the user's wallet; an unpaid session is charged at the next retry.",
    'user "Asha" tops up 200.00 INR',
    async (w, name, amount) => {
      w.plan.user(name);
      await (await w.sim()).topUp(name, amount);
    },
  ),
  step<[string, MoneyValue]>(
    'Then',
    'billing',
    'the wallet of {string} holds {money}',
    'The wallet balance, exactly.',
    'the wallet of "Asha" holds 287.50 INR',
    async (w, name, expected) => {
      w.plan.user(name);
      const actual = await (await w.sim()).walletOf(name);
      if (actual.minorUnits !== expected.minorUnits || actual.currency !== expected.currency) {
        throw new Error(
          `the wallet of "${name}" holds ${formatMoneyValue(actual)}, expected ${formatMoneyValue(expected)}`,
        );
      }
    },
  ),
  step<[string, MoneyValue]>(
    'Then',
    'billing',
    'the session at charger {string} is billed {money}',
    'The last ended session at the charger is priced at this amount and paid from the wallet.',
    'the session at charger "CP1" is billed 212.50 INR',
    async (w, chargerId, expected) => {
      const s = await lastSessionAt(w, chargerId);
      const actual = { minorUnits: s.amountMinor, currency: s.currency };
      if (actual.minorUnits !== expected.minorUnits || actual.currency !== expected.currency) {
        throw new Error(
          `the session at charger "${chargerId}" (transaction ${s.transactionId}, ${(s.energyWh / 1000).toFixed(3)} kWh) is priced ${formatMoneyValue(actual)}, expected ${formatMoneyValue(expected)}`,
        );
      }
      if (s.status !== 'CHARGED') {
        throw new Error(
          `the session at charger "${chargerId}" is priced ${formatMoneyValue(actual)} but not paid: ${s.status}${s.lastError === undefined ? '' : ` (${s.lastError})`}`,
        );
      }
    },
  ),
  step<[string]>(
    'Then',
    'billing',
    'the session at charger {string} awaits payment',
    'The last ended session could not be paid (insufficient balance) and is waiting for a retry.',
    'the session at charger "CP1" awaits payment',
    async (w, chargerId) => {
      const s = await lastSessionAt(w, chargerId);
      if (s.status !== 'RETRYING') {
        throw new Error(
          `the session at charger "${chargerId}" is ${s.status}, expected it to await payment (RETRYING)`,
        );
      }
    },
  ),
];
