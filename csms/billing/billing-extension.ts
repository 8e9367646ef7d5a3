import type { Router } from 'express';
import { Rng } from '../../common/rng.js';
import { VirtualClock } from '../../common/virtual-clock.js';
import type { Csms } from '../create-csms.js';
import type { CsmsServices } from '../handlers/handler-context.js';
import type { AdminKeyOutcome } from './api/api-keys.js';
import { ensureAdminKey } from './api/api-keys.js';
import { billingRouter } from './api/billing-router.js';
import { Billing } from './billing-service.js';
import { CostUpdates } from './cost-updates.js';
import type { RetryPolicy } from './settle-transaction.js';

/** Options of {@link billingExtension}. */
export interface BillingExtensionOptions {
  /** The run seed: virtual RFIDs of users created without a token are drawn from it. */
  seed?: string | number;
  /** Retry interval and window; default every 30 min for up to 24 h. */
  policy?: Partial<RetryPolicy>;
  /** Send 2.0.1 CostUpdated this often (clock ms) during a session; off when absent. */
  costUpdatedIntervalMs?: number;
  /** Require an admin key on the CSMS's other API routes (all but `/api/health`). Default true. */
  guardAdminApi?: boolean;
  /** An operator API key to accept (e.g. from the environment); one is created when absent and none exists. */
  adminKey?: string;
}

/** Billing plugged into a CSMS; see {@link billingExtension}. */
export interface BillingExtension {
  /** Pass as (or call from) the CSMS's `extendApi`: wires the end hook and returns the billing API router. */
  extendApi(services: CsmsServices): Router[];
  /** After `csms.start()`: settles what a restart left unsettled, arms retries, makes sure an admin key exists. */
  start(csms: Csms): Promise<AdminKeyOutcome>;
  /** Before `csms.stop()`: stops retries and cost updates. */
  stop(): Promise<void>;
  /** The billing service (after `extendApi` ran). */
  readonly billing: Billing;
}

/**
 * Billing for the reference CSMS:
 * ```ts
 * const billing = billingExtension({ seed });
 * const csms = createCsms({ ..., extendApi: (s) => billing.extendApi(s) });
 * await csms.start();
 * const { key } = await billing.start(csms); // print `key` when defined: it is shown once
 * ```
 */
export function billingExtension(options: BillingExtensionOptions = {}): BillingExtension {
  let billing: Billing | undefined;
  let costUpdates: CostUpdates | undefined;
  const need = (): Billing => {
    if (billing === undefined)
      throw new Error('billing is ready once the CSMS has called extendApi (at its start)');
    return billing;
  };
  return {
    extendApi(services) {
      const clock = services.clock;
      billing = new Billing({
        store: services.store,
        clock,
        ...(clock instanceof VirtualClock ? { tracker: clock.tracker } : {}),
        ...(options.policy === undefined ? {} : { policy: options.policy }),
      });
      billing.events.on('error', ({ transactionId, error }) =>
        services.events.emit('error', {
          where: `billing of transaction ${transactionId ?? '(retry run)'}`,
          error,
        }),
      );
      services.transactions.addEndHook(billing.endHook());
      return [
        billingRouter({
          store: services.store,
          clock,
          tokenRng: new Rng(options.seed ?? 0, 'billing/tokens'),
          billing,
          ...(options.guardAdminApi === undefined ? {} : { guardAdminApi: options.guardAdminApi }),
        }),
      ];
    },
    async start(csms) {
      const b = need();
      await b.start();
      const services = csms.services;
      if (options.costUpdatedIntervalMs !== undefined) {
        costUpdates = new CostUpdates({
          store: services.store,
          clock: services.clock,
          events: services.events,
          intervalMs: options.costUpdatedIntervalMs,
          send: (stationId, action, payload) => csms.sendCommand(stationId, action, payload),
          flushMeter: () => services.meter.flush(),
          ...(services.clock instanceof VirtualClock ? { tracker: services.clock.tracker } : {}),
          onError: (error) => services.events.emit('error', { where: 'CostUpdated', error }),
        });
        await costUpdates.start();
      }
      return ensureAdminKey(services.store, services.clock.now(), options.adminKey);
    },
    async stop() {
      await costUpdates?.stop();
      await billing?.stop();
    },
    get billing() {
      return need();
    },
  };
}
