import type { Router } from 'express';
import type { Billing } from '../billing-service.js';
import type { BillingCharge, ChargeStatus } from '../billing-charge.js';
import { findCharge, listCharges, reopenCharge } from '../billing-charge.js';
import { BillingError } from '../billing-error.js';
import { formatDecimal, minorDigits } from '../money.js';
import { requireAdmin } from './api-auth.js';
import type { BillingApiOptions } from './billing-router.js';
import { idParam } from './billing-router.js';

const STATUSES: readonly ChargeStatus[] = ['PENDING', 'CHARGED', 'RETRYING', 'MANUAL_REVIEW'];

/** A charge as the API shows it. */
export function chargeView(c: BillingCharge): Record<string, unknown> {
  return {
    transactionId: c.transactionId,
    userId: c.userId,
    tariffId: c.tariffId === null ? null : Number(c.tariffId),
    energyWh: c.energyWh,
    amount: formatDecimal(c.amountMinor, minorDigits(c.currency ?? 'INR')),
    amountMinor: c.amountMinor,
    currency: c.currency,
    lines: c.lines,
    status: c.status,
    attempts: c.attempts,
    firstFailedAt: c.firstFailedAtMs === null ? null : new Date(c.firstFailedAtMs).toISOString(),
    nextAttemptAt: c.nextAttemptAtMs === null ? null : new Date(c.nextAttemptAtMs).toISOString(),
    lastError: c.lastError,
  };
}

/**
 * `/billing/charges` (admin): the billing state of ended transactions, `?status=MANUAL_REVIEW` for
 * the review queue; `POST /billing/charges/{transactionId}/retry` settles a flagged one again.
 */
export function chargeRoutes(
  router: Router,
  { store, billing }: BillingApiOptions & { billing?: Billing },
): void {
  router.get('/billing/charges', async (req, res) => {
    requireAdmin(res);
    const status = req.query['status'];
    if (
      status !== undefined &&
      (typeof status !== 'string' || !(STATUSES as readonly string[]).includes(status))
    ) {
      throw new BillingError('bad_request', `query parameter status must be one of ${STATUSES.join(', ')}`);
    }
    res.json((await listCharges(store, status as ChargeStatus | undefined)).map(chargeView));
  });

  router.get('/billing/charges/:transactionId', async (req, res) => {
    requireAdmin(res);
    const id = idParam(req.params['transactionId'], 'transactionId');
    const charge = await findCharge(store, id);
    if (charge === undefined) throw new BillingError('not_found', `transaction ${id} has no charge yet`);
    res.json(chargeView(charge));
  });

  router.post('/billing/charges/:transactionId/retry', async (req, res) => {
    requireAdmin(res);
    const id = idParam(req.params['transactionId'], 'transactionId');
    if (billing === undefined) throw new BillingError('conflict', 'billing is not running in this CSMS');
    const charge = await findCharge(store, id);
    if (charge === undefined) throw new BillingError('not_found', `transaction ${id} has no charge yet`);
    if (charge.status !== 'MANUAL_REVIEW') {
      throw new BillingError(
        'conflict',
        `transaction ${id} is ${charge.status}: only MANUAL_REVIEW charges can be retried`,
      );
    }
    await reopenCharge(store, id);
    res.json(chargeView(await billing.settle(id)));
  });
}
