import { createMemoryTransport } from '../memory-transport.js';
import type { ParsedFrame } from '../ocpp-frame.js';
import type { OcppSubprotocol } from '../ocpp-version.js';
import type { Connection, TransportServer } from '../transport.js';

let nextName = 1;

/** A memory server under a fresh name, and a station `CP1` connected to it: both ends. */
export async function memoryLink(
  options: { maxFrameBytes?: number; protocol?: OcppSubprotocol } = {},
): Promise<{ server: TransportServer; client: Connection; accepted: Connection }> {
  const transport = createMemoryTransport();
  const server = await transport.listen({
    name: `link-${process.pid}-${nextName++}`,
    ...(options.maxFrameBytes === undefined ? {} : { maxFrameBytes: options.maxFrameBytes }),
  });
  const accepted = new Promise<Connection>((resolve) => server.onConnection(resolve));
  const client = await transport.connect(server.url, 'CP1', [options.protocol ?? 'ocpp1.6']);
  return { server, client, accepted: await accepted };
}

/** One frame as a connection delivered it: its text (none when sent parsed alone) and parsed form. */
export interface Arrival<Text extends string | undefined = string | undefined> {
  readonly text: Text;
  readonly parsed: ParsedFrame | undefined;
}

/**
 * The connection as it is, with each frame it delivers noted on its way to the receiver.
 * 'with text': it offers `onMessage` alone, so every frame reaches the receiver with its text, and
 * a sender over it has no `sendParsed`. 'parsed alone': it offers `sendParsed` and
 * `onParsedMessage` as the connection does, and `onMessage` throws.
 */
export function notingConnection(
  connection: Connection,
  arrivals: Arrival<string>[],
  how: 'with text',
): Connection;
export function notingConnection(
  connection: Connection,
  arrivals: Arrival[],
  how: 'parsed alone',
): Connection;
export function notingConnection(
  connection: Connection,
  arrivals: Arrival[],
  how: 'with text' | 'parsed alone',
): Connection {
  const parsedAlone = how === 'parsed alone';
  return {
    stationId: connection.stationId,
    protocol: connection.protocol,
    ...(connection.carriesParsed === undefined ? {} : { carriesParsed: connection.carriesParsed }),
    get isOpen() {
      return connection.isOpen;
    },
    send: (text, parsed) => connection.send(text, parsed),
    close: (code, reason) => connection.close(code, reason),
    onMessage: parsedAlone
      ? () => {
          throw new Error('an endpoint registers with onParsedMessage where it can');
        }
      : (handler) =>
          connection.onMessage((text, parsed) => {
            arrivals.push({ text, parsed });
            handler(text, parsed);
          }),
    onClose: (handler) => connection.onClose(handler),
    ...(parsedAlone
      ? {
          sendParsed: (parsed, bytesAtMost) => connection.sendParsed!(parsed, bytesAtMost),
          onParsedMessage: (handler) =>
            connection.onParsedMessage!((text, parsed, bytesAtMost) => {
              arrivals.push({ text, parsed });
              handler(text, parsed, bytesAtMost);
            }),
        }
      : {}),
  };
}
