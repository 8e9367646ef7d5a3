import type { Queryable } from '../store/store.js';
import type { Money } from './money.js';
import { energySamples } from './price-transaction.js';
import { PricingError, priceSession } from './price-session.js';
import { applicableTariff } from './tariff.js';
import { tariffsInForce } from './tariff-store.js';

/**
 * The cost so far of a running transaction: the tariff in force at its start applied to the
 * register readings received up to now (start reading, or the first sample, to the last sample).
 * Undefined when no tariff applies, no reading has arrived or the readings cannot be priced.
 */
export async function runningCost(q: Queryable, transactionId: number): Promise<Money | undefined> {
  const { rows } = await q.query<{ station_id: string; started_at: Date; meter_start_wh: number | null }>(
    'SELECT station_id, started_at, meter_start_wh FROM transactions WHERE id = $1',
    [transactionId],
  );
  const t = rows[0];
  if (t === undefined) return undefined;
  const startMs = t.started_at.getTime();
  const tariff = applicableTariff(await tariffsInForce(q, t.station_id, startMs), t.station_id, startMs);
  const samples = (await energySamples(q, transactionId)).map((s) => ({
    ...s,
    energyWh: Math.round(s.energyWh),
  }));
  const last = samples[samples.length - 1];
  if (tariff === undefined || last === undefined) return undefined;
  try {
    const priced = priceSession(tariff, {
      startedAtMs: startMs,
      stoppedAtMs: Math.max(last.atMs, startMs),
      meterStartWh: Math.round(t.meter_start_wh ?? samples[0]!.energyWh),
      meterStopWh: last.energyWh,
      samples,
    });
    return { amountMinor: priced.amountMinor, currency: priced.currency };
  } catch (error) {
    if (error instanceof PricingError) return undefined;
    throw error;
  }
}
