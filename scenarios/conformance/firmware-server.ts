import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FIRMWARE_VERSION_HEADER } from '../../simulator/firmware/firmware-download.js';
import { firmwareImage } from './firmware-images.js';

/** Serves the test firmware images a charger under test downloads. */
export interface FirmwareServer {
  /** Base URL, e.g. `http://192.168.1.10:40123/firmware`. */
  readonly baseUrl: string;
  /** Where diagnostics may be uploaded (HTTP PUT or POST), e.g. `http://192.168.1.10:40123/diagnostics/`. */
  readonly uploadUrl: string;
  close(): Promise<void>;
}

/**
 * Starts an HTTP server for `/firmware/conformance-<version>.bin` (deterministic bytes with
 * Content-Length, Repr-Digest and the version header) and diagnostics uploads under
 * `/diagnostics/`; any other path is 404, which the download-failed cases use.
 * @param advertiseHost the host name or address the charger reaches this machine at
 */
export async function startFirmwareServer(
  host: string,
  advertiseHost: string,
  port = 0,
): Promise<FirmwareServer> {
  const server: Server = createServer((req, res) => {
    if ((req.method === 'PUT' || req.method === 'POST') && (req.url ?? '').startsWith('/diagnostics/')) {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain' }).end('stored\n'));
      return;
    }
    const m = /^\/firmware\/(conformance-[\w.-]+\.bin)$/.exec(req.url ?? '');
    if (req.method !== 'GET' || m === null) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such firmware image\n');
      return;
    }
    const image = firmwareImage(m[1]!);
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': image.bytes.length,
      'repr-digest': `sha-256=:${image.sha256B64}:`,
      [FIRMWARE_VERSION_HEADER]: image.version,
    });
    res.end(image.bytes);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    baseUrl: `http://${advertiseHost}:${bound}/firmware`,
    uploadUrl: `http://${advertiseHost}:${bound}/diagnostics/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
