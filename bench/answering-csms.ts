import { pathToFileURL } from 'node:url';
import { RealClock } from '../common/clock.js';
import type { Clock } from '../common/clock.js';
import { versionOf } from '../common/ocpp-version.js';
import { RpcEndpoint } from '../common/rpc-endpoint.js';
import type { Transport } from '../common/transport.js';
import { createWsTransport } from '../common/ws-transport.js';
import { defaultValidator } from '../schemas/validator.js';

/**
 * A CSMS that only answers: validates every frame (reject mode) and replies with the smallest valid
 * payload, storing nothing. Measures what the simulator, RPC and validation cost on their own.
 */
export async function startAnsweringCsms(
  clock: Clock,
  transport: Transport,
  port: number,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = await transport.listen({ port, host: '127.0.0.1' });
  const validator = defaultValidator();
  let txId = 0;
  server.onConnection((connection) => {
    const version = versionOf(connection.protocol)!;
    const ep = new RpcEndpoint({ connection, version, side: 'csms', clock, validator });
    const now = (): string => new Date(clock.now()).toISOString();
    const accepted =
      version === '1.6' ? { idTagInfo: { status: 'Accepted' } } : { idTokenInfo: { status: 'Accepted' } };
    const answers: Record<string, () => unknown> = {
      BootNotification: () => ({ status: 'Accepted', currentTime: now(), interval: 3600 }),
      Heartbeat: () => ({ currentTime: now() }),
      StatusNotification: () => ({}),
      MeterValues: () => ({}),
      Authorize: () => accepted,
      StartTransaction: () => ({ transactionId: ++txId, idTagInfo: { status: 'Accepted' } }),
      StopTransaction: () => ({}),
      TransactionEvent: () => ({}),
    };
    for (const [action, answer] of Object.entries(answers)) ep.handle(action, answer);
  });
  return { url: server.url, close: () => server.close() };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const csms = await startAnsweringCsms(new RealClock(), createWsTransport(), 0);
  process.stdout.write(`OCPP     ${csms.url}/{stationId}\n`);
  process.on('SIGTERM', () => void csms.close().then(() => process.exit(0)));
}
