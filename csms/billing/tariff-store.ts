import type { Queryable } from '../store/store.js';
import type { Tariff, TariffInput, TouPeriod } from './tariff.js';
import { tariffFromInput } from './tariff.js';

interface TariffRow {
  id: number;
  station_id: string | null;
  currency: string;
  price_per_kwh_minor: number;
  session_fee_minor: number;
  time_zone: string;
  periods: TouPeriod[];
  effective_from: Date;
}

const COLUMNS =
  'id, station_id, currency, price_per_kwh_minor, session_fee_minor, time_zone, periods, effective_from';

function toTariff(r: TariffRow): Tariff {
  return {
    id: String(r.id),
    stationId: r.station_id,
    currency: r.currency,
    pricePerKwhMinor: r.price_per_kwh_minor,
    sessionFeeMinor: r.session_fee_minor,
    timeZone: r.time_zone,
    periods: r.periods,
    effectiveFromMs: r.effective_from.getTime(),
  };
}

/**
 * Checks and stores a tariff. Tariffs are never edited in place: a change is a new tariff with a
 * later `effectiveFrom`, so sessions that started before it keep their price.
 */
export async function createTariff(q: Queryable, input: TariffInput, nowMs: number): Promise<Tariff> {
  const t = tariffFromInput('new', input, nowMs);
  const { rows } = await q.query<TariffRow>(
    `INSERT INTO tariffs (station_id, currency, price_per_kwh_minor, session_fee_minor, time_zone, periods,
                          effective_from, created_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8) RETURNING ${COLUMNS}`,
    [
      t.stationId,
      t.currency,
      t.pricePerKwhMinor,
      t.sessionFeeMinor,
      t.timeZone,
      JSON.stringify(t.periods),
      new Date(t.effectiveFromMs),
      new Date(nowMs),
    ],
  );
  return toTariff(rows[0]!);
}

/** Every tariff, or those of one charger plus the global ones, oldest first. */
export async function listTariffs(q: Queryable, stationId?: string): Promise<Tariff[]> {
  const { rows } = await q.query<TariffRow>(
    `SELECT ${COLUMNS} FROM tariffs WHERE $1::text IS NULL OR station_id = $1 OR station_id IS NULL
     ORDER BY effective_from, id`,
    [stationId ?? null],
  );
  return rows.map(toTariff);
}

/** The candidate tariffs for a session of `stationId` starting at `startMs` (see applicableTariff). */
export async function tariffsInForce(q: Queryable, stationId: string, startMs: number): Promise<Tariff[]> {
  const { rows } = await q.query<TariffRow>(
    `SELECT ${COLUMNS} FROM tariffs WHERE (station_id = $1 OR station_id IS NULL) AND effective_from <= $2
     ORDER BY effective_from, id`,
    [stationId, new Date(startMs)],
  );
  return rows.map(toTariff);
}
