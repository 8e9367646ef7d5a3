import type { Router } from 'express';
import { BillingError } from '../billing-error.js';
import { currencyCode, minorDigits, money, parseDecimal } from '../money.js';
import { creditWallet, findWallet, ledgerHistory } from '../wallet-ledger.js';
import { requireAdmin, requireSelfOrAdmin } from './api-auth.js';
import { entryView, walletView } from './api-views.js';
import type { BillingApiOptions } from './billing-router.js';
import { bodyObject, idParam } from './billing-router.js';

/**
 * `/wallets/{userId}`: balance and history (`?limit=`, `?before=` ledger id for the next page);
 * `POST …/top-ups` credits it (the user or an admin; an `Idempotency-Key` header makes a repeat
 * harmless); `POST …/adjustments` corrects it (admin only, either sign, with a note).
 */
export function walletRoutes(router: Router, { store, clock }: BillingApiOptions): void {
  router.get('/wallets/:userId', async (req, res) => {
    const id = idParam(req.params['userId'], 'userId');
    requireSelfOrAdmin(res, id);
    const wallet = await findWallet(store, id);
    if (wallet === undefined) throw new BillingError('not_found', `user ${id} has no wallet`);
    const limitText = req.query['limit'];
    const limit = limitText === undefined ? 100 : typeof limitText === 'string' ? Number(limitText) : NaN;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new BillingError('bad_request', 'query parameter limit must be an integer from 1 to 1000');
    }
    const beforeText = req.query['before'];
    if (beforeText !== undefined && typeof beforeText !== 'string') {
      throw new BillingError('bad_request', 'query parameter before must be given once');
    }
    const before = beforeText === undefined ? undefined : idParam(beforeText, 'before');
    const history = await ledgerHistory(store, id, {
      limit,
      ...(before === undefined ? {} : { beforeId: before }),
    });
    res.json({ ...walletView(wallet), history: history.map(entryView) });
  });

  router.post('/wallets/:userId/top-ups', async (req, res) => {
    const id = idParam(req.params['userId'], 'userId');
    requireSelfOrAdmin(res, id);
    const result = await credit(req.body, id, 'TOP_UP', req.get('idempotency-key'));
    res
      .status(result.duplicate ? 200 : 201)
      .json({ entry: entryView(result.entry), wallet: walletView(result.wallet) });
  });

  router.post('/wallets/:userId/adjustments', async (req, res) => {
    const id = idParam(req.params['userId'], 'userId');
    requireAdmin(res);
    const result = await credit(req.body, id, 'ADJUSTMENT', req.get('idempotency-key'));
    res
      .status(result.duplicate ? 200 : 201)
      .json({ entry: entryView(result.entry), wallet: walletView(result.wallet) });
  });

  async function credit(
    body: unknown,
    userId: number,
    kind: 'TOP_UP' | 'ADJUSTMENT',
    key: string | undefined,
  ) {
    const o = bodyObject(body, '{"amount": "500.00"}');
    for (const k of Object.keys(o)) {
      if (k !== 'amount' && k !== 'currency' && k !== 'note') {
        throw new BillingError(
          'bad_request',
          `unknown field "${k}": send amount, and optionally currency and note`,
        );
      }
    }
    const wallet = await findWallet(store, userId);
    if (wallet === undefined) throw new BillingError('not_found', `user ${userId} has no wallet`);
    const currencyText = o['currency'];
    if (currencyText !== undefined && typeof currencyText !== 'string') {
      throw new BillingError('bad_request', 'currency must be a three-letter code such as INR');
    }
    const currency = currencyText === undefined ? wallet.currency : currencyCode(currencyText);
    const raw = o['amount'];
    if (typeof raw !== 'string' && typeof raw !== 'number') {
      throw new BillingError('bad_request', 'amount is required: a decimal such as "500.00"');
    }
    const note = o['note'];
    if (note !== undefined && typeof note !== 'string')
      throw new BillingError('bad_request', 'note must be a string');
    if (key !== undefined && (key.length === 0 || key.length > 200)) {
      throw new BillingError('bad_request', 'Idempotency-Key must be 1-200 characters');
    }
    return creditWallet(
      store,
      userId,
      kind,
      money(parseDecimal(raw, minorDigits(currency), 'amount'), currency),
      {
        nowMs: clock.now(),
        ...(key === undefined ? {} : { reference: key }),
        ...(note === undefined ? {} : { note }),
      },
    );
  }
}
