/** The OCPP versions the harness speaks. */
export type OcppVersion = '1.6' | '2.0.1';

/** WebSocket subprotocol names, as registered by the OCA. */
export type OcppSubprotocol = 'ocpp1.6' | 'ocpp2.0.1';

/** Every supported version, newest first (the server's order of preference). */
export const OCPP_VERSIONS: readonly OcppVersion[] = ['2.0.1', '1.6'];

/** Maps a version to the subprotocol a station offers for it. */
export function subprotocolOf(version: OcppVersion): OcppSubprotocol {
  return version === '1.6' ? 'ocpp1.6' : 'ocpp2.0.1';
}

/** Maps a subprotocol back to its version, or undefined for one the harness does not speak. */
export function versionOf(subprotocol: string): OcppVersion | undefined {
  if (subprotocol === 'ocpp1.6') return '1.6';
  if (subprotocol === 'ocpp2.0.1') return '2.0.1';
  return undefined;
}

/** Parses a user-supplied version string; throws with the accepted values. */
export function parseOcppVersion(text: string): OcppVersion {
  if (text === '1.6' || text === '2.0.1') return text;
  throw new Error(`unknown OCPP version "${text}": use 1.6 or 2.0.1`);
}
