import type { Clock } from '../../common/clock.js';
import { BatchWriter } from './batch-writer.js';
import type { Store } from './store.js';
import { settleBackgroundWrites } from './store.js';

/** What every writer that batches rows into a store is configured with. */
export interface StoreBatchOptions {
  store: Store;
  clock: Clock;
  /** Flush when this many rows are buffered (each writer has its own default). */
  maxRows?: number;
  /** Flush at most this many clock ms after the first buffered row (each writer has its own default). */
  maxDelayMs?: number;
  /** Told about a failed write (the rows stay buffered and are retried). */
  onError?: (error: unknown) => void;
}

/**
 * A {@link BatchWriter} whose `write` goes to `options.store` in the background: a `flush()` that
 * waits on such a write first settles the store's background writes (see `BackgroundWrites`).
 */
export function storeBatchWriter<Row>(
  options: StoreBatchOptions,
  write: (rows: Row[]) => Promise<void>,
): BatchWriter<Row> {
  const { maxRows, maxDelayMs } = options;
  return new BatchWriter<Row>({
    clock: options.clock,
    write,
    settle: () => settleBackgroundWrites(options.store),
    ...(maxRows === undefined ? {} : { maxRows }),
    ...(maxDelayMs === undefined ? {} : { maxDelayMs }),
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  });
}
