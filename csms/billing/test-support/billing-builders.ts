import { Rng } from '../../../common/rng.js';
import type { Queryable, Store } from '../../store/store.js';
import type { BillingUser, NewUserInput } from '../billing-users.js';
import { createUser } from '../billing-users.js';
import { DEFAULT_MEASURAND } from '../../meter/meter-sample.js';
import { money } from '../money.js';
import type { Tariff, TariffInput } from '../tariff.js';
import { createTariff } from '../tariff-store.js';
import { creditWallet } from '../wallet-ledger.js';

/** Epoch ms of an ISO instant (tests write times as text). */
export const at = (iso: string): number => Date.parse(iso);

/** Registers a charger row (transactions reference it). */
export async function aStation(
  q: Queryable,
  id = 'CP1',
  nowMs = at('2025-01-01T00:00:00Z'),
): Promise<string> {
  await q.query(
    'INSERT INTO stations (id, ocpp_version, created_at, updated_at) VALUES ($1, $2, $3, $3) ON CONFLICT DO NOTHING',
    [id, '1.6', new Date(nowMs)],
  );
  return id;
}

/** A user with a wallet, topped up with `balanceMinor` when given. */
export async function aUser(
  store: Store,
  input: Partial<NewUserInput> & { balanceMinor?: number } = {},
  nowMs = at('2025-01-01T00:00:00Z'),
): Promise<BillingUser> {
  const { balanceMinor, ...rest } = input;
  const user = await createUser(
    store,
    { name: 'Asha', ...rest },
    new Rng('builders', rest.name ?? 'Asha'),
    nowMs,
  );
  if (balanceMinor !== undefined && balanceMinor > 0) {
    await creditWallet(store, user.id, 'TOP_UP', money(balanceMinor, user.wallet!.currency), { nowMs });
  }
  return user;
}

/** A tariff (base 10.00/kWh global in Asia/Kolkata unless told otherwise), effective from 2025. */
export async function aTariff(q: Queryable, input: Partial<TariffInput> = {}): Promise<Tariff> {
  return createTariff(
    q,
    { pricePerKwh: '10.00', effectiveFrom: '2025-01-01T00:00:00Z', timeZone: 'Asia/Kolkata', ...input },
    at('2025-01-01T00:00:00Z'),
  );
}

/** An ended transaction as the CSMS records it, with optional register samples. */
export interface TransactionSpec {
  stationId?: string;
  idTag: string | null;
  startedAt: string;
  endedAt: string | null;
  meterStartWh?: number | null;
  meterStopWh?: number | null;
  samples?: readonly [string, number][];
  ocppVersion?: '1.6' | '2.0.1';
}

let refCounter = 0;

/** Inserts a transaction (and its samples) the way the CSMS stores one; returns its id. */
export async function aTransaction(q: Queryable, spec: TransactionSpec): Promise<number> {
  const stationId = await aStation(q, spec.stationId ?? 'CP1');
  const started = new Date(at(spec.startedAt));
  const ended = spec.endedAt === null ? null : new Date(at(spec.endedAt));
  const { rows } = await q.query<{ id: number }>(
    `INSERT INTO transactions (station_id, ocpp_version, transaction_ref, evse_id, connector_id, id_tag, status,
        started_at, ended_at, meter_start_wh, meter_stop_wh, created_at, updated_at)
     VALUES ($1, $2, $3, 1, 1, $4, $5, $6, $7, $8, $9, $6, $6) RETURNING id`,
    [
      stationId,
      spec.ocppVersion ?? '1.6',
      `ref-${++refCounter}`,
      spec.idTag,
      ended === null ? 'RUNNING' : 'COMPLETED',
      started,
      ended,
      spec.meterStartWh ?? null,
      spec.meterStopWh ?? null,
    ],
  );
  const id = rows[0]!.id;
  for (const [iso, wh] of spec.samples ?? []) {
    await q.query(
      `INSERT INTO meter_pages (station_id, transaction_id, evse_id, connector_id, sampled_ms, received_ms,
          energy_wh, encoding, samples)
       VALUES ($1, $2, 1, 1, ARRAY[$3::bigint], ARRAY[$3::bigint], ARRAY[$4::float8], 'none',
               convert_to($5, 'UTF8'))`,
      [
        stationId,
        id,
        at(iso),
        wh,
        JSON.stringify([{ measurand: DEFAULT_MEASURAND, unit: 'Wh', value: wh, rawValue: String(wh) }]),
      ],
    );
  }
  return id;
}

/** Marks a running transaction ended (what the CSMS does on StopTransaction / TransactionEvent Ended). */
export async function endTransaction(
  q: Queryable,
  id: number,
  endedAt: string,
  meterStopWh: number | null,
): Promise<void> {
  await q.query(
    "UPDATE transactions SET ended_at = $2, meter_stop_wh = $3, status = 'COMPLETED' WHERE id = $1",
    [id, new Date(at(endedAt)), meterStopWh],
  );
}
