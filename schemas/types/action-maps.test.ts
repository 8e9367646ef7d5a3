import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ActionMap } from '../../common/rpc-types.js';
import type { V16CsmsToStation, V16StationToCsms } from './ocpp16.js';
import { V16_ACTIONS } from './ocpp16.js';
import type { V201CsmsToStation, V201StationToCsms } from './ocpp201.js';
import { V201_ACTIONS } from './ocpp201.js';

describe('action maps', () => {
  it('fit the ActionMap shape RpcEndpoint is typed with', () => {
    expectTypeOf<V16StationToCsms>().toExtend<ActionMap>();
    expectTypeOf<V16CsmsToStation>().toExtend<ActionMap>();
    expectTypeOf<V201StationToCsms>().toExtend<ActionMap>();
    expectTypeOf<V201CsmsToStation>().toExtend<ActionMap>();
  });

  it('type payloads by direction', () => {
    expectTypeOf<V16StationToCsms['BootNotification']['request']>().toHaveProperty('chargePointVendor');
    expectTypeOf<V16CsmsToStation['RemoteStartTransaction']['request']>().toHaveProperty('idTag');
    expectTypeOf<V201StationToCsms['TransactionEvent']['request']>().toHaveProperty('transactionInfo');
    expectTypeOf<V201CsmsToStation['RequestStartTransaction']['response']>().toHaveProperty('status');
  });

  it.each([
    ['1.6 station->csms', V16_ACTIONS, 'station->csms', 14],
    ['1.6 csms->station', V16_ACTIONS, 'csms->station', 26],
    ['2.0.1 station->csms', V201_ACTIONS, 'station->csms', 25],
    ['2.0.1 csms->station', V201_ACTIONS, 'csms->station', 40],
  ] as const)('%s carries %i actions', (_name, actions, direction, count) => {
    expect(actions.filter((a) => (a.directions as readonly string[]).includes(direction))).toHaveLength(
      count,
    );
  });
});
