import { Router } from 'express';
import type { IdTokenRecord } from '../auth/user-store.js';
import { TOKEN_STATUSES } from '../auth/user-store.js';
import type { ApiDeps } from './api-deps.js';
import { iso } from './api-deps.js';
import { HttpError } from './http-error.js';
import { intParam } from './query-params.js';
import { isStorableTimeMs } from '../store/storable-time.js';

type Body = Record<string, unknown>;

function bodyOf(body: unknown): Body {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'invalid_body', 'body must be a JSON object');
  }
  return body as Body;
}

function optionalString(body: Body, name: string, max: number): string | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.length === 0 || v.length > max) {
    throw new HttpError(400, 'invalid_body', `${name} must be a string of 1-${max} characters`);
  }
  return v;
}

function oneOf<T extends string>(body: Body, name: string, values: readonly T[]): T | undefined {
  const v = body[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    throw new HttpError(400, 'invalid_body', `${name} must be one of ${values.join(', ')}`);
  }
  return v as T;
}

function expiryOf(body: Body): number | null | undefined {
  const v = body['expiresAt'];
  if (v === undefined) return undefined;
  if (v === null) return null;
  const ms = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (!isStorableTimeMs(ms))
    throw new HttpError(400, 'invalid_body', 'expiresAt must be an ISO-8601 time (years 0100-9999) or null');
  return ms;
}

const tokenView = (t: IdTokenRecord): Record<string, unknown> => ({
  token: t.token,
  tokenType: t.tokenType,
  userId: t.userId,
  status: t.status,
  expiresAt: iso(t.expiresAtMs),
  parentIdTag: t.parentIdTag,
});

/** GET/POST /users, GET/POST /id-tokens, PATCH /id-tokens/:token. */
export function usersRouter(deps: ApiDeps): Router {
  const router = Router();

  router.get('/users', async (_req, res) => {
    const users = await deps.users.listUsers();
    res.json({ users: users.map((u) => ({ ...u, createdAtMs: undefined, createdAt: iso(u.createdAtMs) })) });
  });

  router.post('/users', async (req, res) => {
    const body = bodyOf(req.body);
    const name = optionalString(body, 'name', 200);
    if (name === undefined) throw new HttpError(400, 'invalid_body', 'name is required: { "name": "Asha" }');
    const email = optionalString(body, 'email', 200);
    const role = oneOf(body, 'role', ['admin', 'user'] as const);
    const status = oneOf(body, 'status', ['active', 'blocked'] as const);
    const user = await deps.users.createUser(
      {
        name,
        ...(email === undefined ? {} : { email }),
        ...(role ? { role } : {}),
        ...(status ? { status } : {}),
      },
      deps.clock.now(),
    );
    res.status(201).json({ ...user, createdAtMs: undefined, createdAt: iso(user.createdAtMs) });
  });

  router.get('/id-tokens', async (req, res) => {
    const userId = intParam(req, 'userId', 1, 2 ** 31 - 1);
    res.json({ idTokens: (await deps.users.listTokens(userId)).map(tokenView) });
  });

  router.post('/id-tokens', async (req, res) => {
    const body = bodyOf(req.body);
    const token = optionalString(body, 'token', 36);
    if (token === undefined)
      throw new HttpError(400, 'invalid_body', 'token is required: { "token": "04A1B2C3" }');
    const userId = body['userId'];
    if (userId !== undefined && userId !== null && !(Number.isInteger(userId) && (userId as number) > 0)) {
      throw new HttpError(
        400,
        'invalid_body',
        'userId must be the id of a user (a positive integer) or null',
      );
    }
    if (typeof userId === 'number' && (await deps.users.getUser(userId)) === undefined) {
      throw new HttpError(
        400,
        'invalid_body',
        `userId ${userId} is not a user: create it with POST /api/users`,
      );
    }
    const status = oneOf(body, 'status', TOKEN_STATUSES);
    const tokenType = optionalString(body, 'tokenType', 20);
    const parentIdTag = optionalString(body, 'parentIdTag', 36);
    const expiresAtMs = expiryOf(body);
    const created = await deps.users.addToken(
      {
        token,
        ...(typeof userId === 'number' ? { userId } : {}),
        ...(status === undefined ? {} : { status }),
        ...(tokenType === undefined ? {} : { tokenType }),
        ...(parentIdTag === undefined ? {} : { parentIdTag }),
        ...(expiresAtMs === undefined ? {} : { expiresAtMs }),
      },
      deps.clock.now(),
    );
    if (created === undefined) {
      throw new HttpError(
        409,
        'token_exists',
        `token ${token} exists: change it with PATCH /api/id-tokens/${token}`,
      );
    }
    res.status(201).json(tokenView(created));
  });

  router.patch('/id-tokens/:token', async (req, res) => {
    const body = bodyOf(req.body);
    const status = oneOf(body, 'status', TOKEN_STATUSES);
    const expiresAtMs = expiryOf(body);
    const updated = await deps.users.updateToken(req.params.token, {
      ...(status === undefined ? {} : { status }),
      ...(expiresAtMs === undefined ? {} : { expiresAtMs }),
    });
    if (updated === undefined) throw new HttpError(404, 'unknown_token', `no token ${req.params.token}`);
    res.json(tokenView(updated));
  });

  return router;
}
