import type { Command } from 'commander';
import { RealClock } from '../../common/clock.js';
import { createWsTransport } from '../../common/ws-transport.js';
import { billingExtension } from '../../csms/billing/billing-extension.js';
import { createCsms } from '../../csms/create-csms.js';
import { firmwareExtension } from '../../csms/firmware/firmware-extension.js';
import type { CsmsLogger } from '../../csms/create-csms.js';
import type { RawCsmsOptions } from './csms-options.js';
import { parseCsmsOptions } from './csms-options.js';

const stderrLogger: CsmsLogger = {
  info: (m) => process.stderr.write(`${m}\n`),
  warn: (m) => process.stderr.write(`warning: ${m}\n`),
  error: (m) => process.stderr.write(`error: ${m}\n`),
};

/** Resolves at the first SIGINT or SIGTERM. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/** Registers `ocpp-harness csms`: runs the reference CSMS until interrupted. */
export function registerCsmsCommand(program: Command): void {
  program
    .command('csms')
    .description('run the reference CSMS: OCPP 1.6-J and 2.0.1 at /ocpp/{stationId}, REST API at /api')
    .option('--port <port>', 'port for OCPP and the REST API (0 = any free port)', '9000')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'embedded database directory, or :memory: (default .ocpp-harness/)')
    .option('--database-url <url>', 'use PostgreSQL at this URL instead (default $DATABASE_URL)')
    .option('--heartbeat-interval <seconds>', 'heartbeat interval given to accepted stations', '300')
    .option('--registration <mode>', 'auto: register unknown stations at boot; strict: reject them', 'auto')
    .option('--boot-policy <status>', 'answer to BootNotification: Accepted, Pending or Rejected', 'Accepted')
    .option('--strictness <mode>', 'reject: CALLERROR for invalid frames; record: only log them', 'reject')
    .option('--call-timeout <ms>', 'how long to wait for a station to answer a command', '30000')
    .option(
      '--gateways <n>',
      "child processes that hold the stations' connections (for fleets past one process's open-file limit)",
      '0',
    )
    .action(async (raw: RawCsmsOptions) => {
      const options = parseCsmsOptions(raw);
      const adminKey = process.env['OCPP_HARNESS_ADMIN_KEY'];
      const billing = billingExtension(adminKey === undefined || adminKey === '' ? {} : { adminKey });
      const firmware = firmwareExtension();
      const csms = createCsms({
        extendApi: (services) => [...billing.extendApi(services), ...firmware.extendApi(services)],
        extendApp: (services) => firmware.extendApp(services),
        clock: new RealClock(),
        transport: createWsTransport({ gateways: options.gateways }),
        store: {
          ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
          ...(options.databaseUrl === undefined ? {} : { databaseUrl: options.databaseUrl }),
        },
        port: options.port,
        host: options.host,
        heartbeatIntervalS: options.heartbeatIntervalS,
        registration: options.registration,
        bootPolicy: options.bootPolicy,
        strictness: options.strictness,
        callTimeoutMs: options.callTimeoutMs,
        logger: stderrLogger,
      });
      const signal = untilSignal();
      await csms.start();
      const { key } = await billing.start(csms);
      await firmware.start(csms);
      process.stdout.write(`OCPP     ${csms.ocppUrl}/{stationId}\nREST API ${csms.httpUrl}/api\n`);
      if (key !== undefined) process.stdout.write(`admin API key (shown once, keep it): ${key}\n`);
      const received = await signal;
      process.stderr.write(`${received}: stopping\n`);
      await firmware.stop();
      await billing.stop();
      await csms.stop();
    });
}
