import type { Connection, Transport, TransportServer } from '../../../common/transport.js';

/**
 * A transport whose server side rewrites the frames it sends: wraps a real CSMS so that one of
 * its answers is broken the way a faulty CSMS would break it (a field left out, a wrong error
 * code), while everything else stays the real thing.
 */
export function rewritingTransport(inner: Transport, rewrite: () => (frame: string) => string): Transport {
  return {
    kind: inner.kind,
    ...(inner.tracker === undefined ? {} : { tracker: inner.tracker }),
    connect: (...args) => inner.connect(...args),
    async listen(options): Promise<TransportServer> {
      const server = await inner.listen(options);
      return {
        url: server.url,
        close: () => server.close(),
        onConnection(handler) {
          server.onConnection((connection, request) => handler(wrap(connection, rewrite), request));
        },
      };
    },
  };
}

function wrap(connection: Connection, rewrite: () => (frame: string) => string): Connection {
  return {
    get stationId() {
      return connection.stationId;
    },
    get protocol() {
      return connection.protocol;
    },
    get isOpen() {
      return connection.isOpen;
    },
    send: (frame) => connection.send(rewrite()(frame)),
    close: (code, reason) => connection.close(code, reason),
    onMessage: (handler) => connection.onMessage(handler),
    onClose: (handler) => connection.onClose(handler),
  };
}
