import type { Router } from 'express';
import { BillingError } from '../billing-error.js';
import { checkNewUser, createUser, findUser, listUsers } from '../billing-users.js';
import { setAllowNegative } from '../wallet-ledger.js';
import { principal, requireAdmin, requireSelfOrAdmin } from './api-auth.js';
import { issueApiKey } from './api-keys.js';
import { userView } from './api-views.js';
import type { BillingApiOptions } from './billing-router.js';
import { bodyObject, idParam } from './billing-router.js';

/**
 * `/users`: an admin creates users (each gets a token, an empty wallet and an API key shown once)
 * and lists them; a user key lists and reads only its own user.
 */
export function userRoutes(router: Router, { store, clock, tokenRng }: BillingApiOptions): void {
  router.post('/users', async (req, res) => {
    requireAdmin(res);
    const input = checkNewUser(bodyObject(req.body, '{"name": "Asha", "token": "RFID0001"}'));
    const user = await createUser(store, input, tokenRng, clock.now());
    const apiKey = await issueApiKey(
      store,
      { userId: user.id, role: user.role },
      clock.now(),
      'created with user',
    );
    res
      .status(201)
      .location(`/api/users/${user.id}`)
      .json({ ...userView(user), apiKey });
  });

  router.get('/users', async (_req, res) => {
    const who = principal(res);
    const users = await listUsers(store);
    res.json(users.filter((u) => who.role === 'admin' || u.id === who.userId).map(userView));
  });

  router.get('/users/:userId', async (req, res) => {
    const id = idParam(req.params['userId'], 'userId');
    requireSelfOrAdmin(res, id);
    const user = await findUser(store, id);
    if (user === undefined) throw new BillingError('not_found', `user ${id} does not exist`);
    res.json(userView(user));
  });

  router.patch('/users/:userId', async (req, res) => {
    const id = idParam(req.params['userId'], 'userId');
    requireAdmin(res);
    const body = bodyObject(req.body, '{"status": "blocked"} or {"allowNegativeBalance": true}');
    for (const k of Object.keys(body)) {
      if (k !== 'status' && k !== 'allowNegativeBalance') {
        throw new BillingError(
          'bad_request',
          `field "${k}" cannot be changed here: send status and/or allowNegativeBalance`,
        );
      }
    }
    const status = body['status'];
    if (status !== undefined && status !== 'active' && status !== 'blocked') {
      throw new BillingError('bad_request', 'status must be "active" or "blocked"');
    }
    const allow = body['allowNegativeBalance'];
    if (allow !== undefined && typeof allow !== 'boolean') {
      throw new BillingError('bad_request', 'allowNegativeBalance must be true or false');
    }
    if ((await findUser(store, id)) === undefined)
      throw new BillingError('not_found', `user ${id} does not exist`);
    if (allow !== undefined) await setAllowNegative(store, id, allow, clock.now());
    if (status !== undefined) {
      await store.transaction(async (tx) => {
        await tx.query('UPDATE users SET status = $2 WHERE id = $1', [id, status]);
        await tx.query(
          "UPDATE id_tokens SET status = $2 WHERE user_id = $1 AND status IN ('Accepted', 'Blocked')",
          [id, status === 'blocked' ? 'Blocked' : 'Accepted'],
        );
      });
    }
    res.json(userView((await findUser(store, id))!));
  });

  router.post('/users/:userId/api-keys', async (req, res) => {
    const id = idParam(req.params['userId'], 'userId');
    requireSelfOrAdmin(res, id);
    const user = await findUser(store, id);
    if (user === undefined) throw new BillingError('not_found', `user ${id} does not exist`);
    const apiKey = await issueApiKey(store, { userId: id, role: user.role }, clock.now());
    res.status(201).json({ userId: id, apiKey });
  });
}
