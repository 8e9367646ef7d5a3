import express from 'express';
import type { Response, Router } from 'express';
import type { FirmwareStore } from '../firmware-store.js';
import { firmwareErrors } from './firmware-router.js';
import { FirmwareError } from '../firmware-error.js';

/** Response header carrying the image's version (stations report it after the install). */
export const FIRMWARE_VERSION_HEADER = 'x-firmware-version';

function writeChunk(res: Response, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    res.once('error', onError);
    const more = res.write(data, () => undefined);
    const done = (): void => {
      res.off('error', onError);
      resolve();
    };
    if (more) done();
    else res.once('drain', done);
  });
}

/**
 * Serves images to stations, without an API key, at `GET /firmware/{id}/{fileName}` (mount at the
 * root of the CSMS's HTTP server). The response carries `Content-Length`, `Repr-Digest:
 * sha-256=:<base64>:` (RFC 9530), an `ETag` of the hex SHA-256 and `X-Firmware-Version`, so that a
 * station can check size and checksum and knows the version it installs. The body is streamed
 * chunk by chunk from the database.
 */
export function firmwareDownloadRouter(images: () => FirmwareStore): Router {
  const router = express.Router();
  router.get('/firmware/:id/:file', async (req, res) => {
    const id = Number(req.params['id']);
    const store = images();
    const image = Number.isInteger(id) && id > 0 ? await store.get(id) : undefined;
    if (image === undefined || image.fileName !== req.params['file'])
      throw new FirmwareError(
        'not_found',
        `no firmware image at ${req.path}: see GET /api/firmware for the URLs`,
      );
    const chunks = await store.chunkCount(id);
    res.status(200);
    res.set({
      'content-type': 'application/octet-stream',
      'content-length': String(image.sizeBytes),
      'content-disposition': `attachment; filename="${image.fileName}"`,
      'repr-digest': `sha-256=:${Buffer.from(image.sha256, 'hex').toString('base64')}:`,
      etag: `"${image.sha256}"`,
      [FIRMWARE_VERSION_HEADER]: image.version,
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    for (let seq = 0; seq < chunks; seq++) {
      if (res.destroyed) return;
      await writeChunk(res, await store.chunk(id, seq));
    }
    res.end();
  });
  router.use('/firmware', firmwareErrors);
  return router;
}
