import { createHash } from 'node:crypto';
import type { Queryable, Store } from '../store/store.js';
import { FirmwareError } from './firmware-error.js';
import type { FirmwareImage } from './firmware-types.js';

/** Bytes per stored chunk: the most one download request holds in memory at a time. */
export const FIRMWARE_CHUNK_BYTES = 256 * 1024;

/** What describes an image being uploaded. */
export interface NewFirmwareImage {
  readonly version: string;
  readonly fileName: string;
  readonly signature?: string;
  readonly signingCertificate?: string;
}

/** An upload refused for its size. */
export class FirmwareTooLargeError extends Error {
  override readonly name = 'FirmwareTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`the image is larger than ${maxBytes} bytes: upload a smaller image or raise the limit`);
  }
}

interface ImageRow {
  id: number;
  version: string;
  file_name: string;
  size_bytes: number;
  sha256: string;
  signature: string | null;
  signing_certificate: string | null;
  created_at: Date;
}

const COLUMNS = 'id, version, file_name, size_bytes, sha256, signature, signing_certificate, created_at';

function fromRow(r: ImageRow): FirmwareImage {
  return {
    id: r.id,
    version: r.version,
    fileName: r.file_name,
    sizeBytes: Number(r.size_bytes),
    sha256: r.sha256,
    signature: r.signature,
    signingCertificate: r.signing_certificate,
    createdAtMs: r.created_at.getTime(),
  };
}

/**
 * Firmware images in the database: bytes in chunks of {@link FIRMWARE_CHUNK_BYTES} (`bytea`), so
 * that uploads and downloads stream and survive a restart with PGlite and PostgreSQL alike.
 */
export class FirmwareStore {
  constructor(private readonly store: Store) {}

  /**
   * Stores an image read from `body` chunk by chunk, computing its size and SHA-256 as it goes.
   * An incomplete upload (the body fails, or exceeds `maxBytes`) leaves nothing behind.
   */
  async save(
    meta: NewFirmwareImage,
    body: AsyncIterable<Uint8Array>,
    nowMs: number,
    maxBytes: number,
  ): Promise<FirmwareImage> {
    const created = await this.store.query<{ id: number }>(
      `INSERT INTO firmware_images (version, file_name, signature, signing_certificate, created_at)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [meta.version, meta.fileName, meta.signature ?? null, meta.signingCertificate ?? null, new Date(nowMs)],
    );
    const id = created.rows[0]!.id;
    try {
      const hash = createHash('sha256');
      let size = 0;
      let seq = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const writeChunk = async (data: Buffer): Promise<void> => {
        await this.store.query('INSERT INTO firmware_chunks (firmware_id, seq, data) VALUES ($1, $2, $3)', [
          id,
          seq++,
          data,
        ]);
      };
      for await (const part of body) {
        const buf = Buffer.from(part.buffer, part.byteOffset, part.byteLength);
        size += buf.byteLength;
        if (size > maxBytes) throw new FirmwareTooLargeError(maxBytes);
        hash.update(buf);
        pending.push(buf);
        pendingBytes += buf.byteLength;
        while (pendingBytes >= FIRMWARE_CHUNK_BYTES) {
          const all = Buffer.concat(pending);
          await writeChunk(all.subarray(0, FIRMWARE_CHUNK_BYTES));
          const rest = all.subarray(FIRMWARE_CHUNK_BYTES);
          pending = rest.byteLength > 0 ? [Buffer.from(rest)] : [];
          pendingBytes = rest.byteLength;
        }
      }
      if (size === 0)
        throw new FirmwareError('bad_request', 'the image is empty: send its bytes as the request body');
      if (pendingBytes > 0) await writeChunk(Buffer.concat(pending));
      const sha256 = hash.digest('hex');
      const done = await this.store.query<ImageRow>(
        `UPDATE firmware_images SET size_bytes = $2, sha256 = $3, complete = true WHERE id = $1
         RETURNING ${COLUMNS}`,
        [id, size, sha256],
      );
      return fromRow(done.rows[0]!);
    } catch (error) {
      await this.store.query('DELETE FROM firmware_images WHERE id = $1', [id]).catch(() => undefined);
      throw error;
    }
  }

  /** A complete image by id. */
  async get(id: number, db: Queryable = this.store): Promise<FirmwareImage | undefined> {
    const r = await db.query<ImageRow>(`SELECT ${COLUMNS} FROM firmware_images WHERE id = $1 AND complete`, [
      id,
    ]);
    return r.rows[0] === undefined ? undefined : fromRow(r.rows[0]);
  }

  /** Every complete image, newest first. */
  async list(): Promise<FirmwareImage[]> {
    const r = await this.store.query<ImageRow>(
      `SELECT ${COLUMNS} FROM firmware_images WHERE complete ORDER BY id DESC`,
    );
    return r.rows.map(fromRow);
  }

  /** Number of stored chunks of an image. */
  async chunkCount(id: number): Promise<number> {
    const r = await this.store.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM firmware_chunks WHERE firmware_id = $1',
      [id],
    );
    return r.rows[0]?.n ?? 0;
  }

  /** The bytes of one chunk. */
  async chunk(id: number, seq: number): Promise<Buffer> {
    const r = await this.store.query<{ data: Uint8Array }>(
      'SELECT data FROM firmware_chunks WHERE firmware_id = $1 AND seq = $2',
      [id, seq],
    );
    const row = r.rows[0];
    if (row === undefined) throw new Error(`chunk ${seq} of firmware ${id} is missing`);
    return Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength);
  }
}
