import { cpus, loadavg } from 'node:os';

/** A 1.6 MeterValues CALL as a three-phase station sends it: the frame the benches move most. */
const FRAME = JSON.stringify([
  2,
  '1234',
  'MeterValues',
  {
    connectorId: 1,
    transactionId: 17,
    meterValue: [
      {
        timestamp: '2026-03-02T10:00:50.000Z',
        sampledValue: [
          {
            value: '1480.0',
            context: 'Sample.Periodic',
            measurand: 'Energy.Active.Import.Register',
            unit: 'Wh',
          },
          { value: '22080', context: 'Sample.Periodic', measurand: 'Power.Active.Import', unit: 'W' },
          ...['L1', 'L2', 'L3'].map((phase) => ({
            value: '32.0',
            context: 'Sample.Periodic',
            measurand: 'Current.Import',
            phase,
            unit: 'A',
          })),
          ...['L1-N', 'L2-N', 'L3-N'].map((phase) => ({
            value: '230.0',
            context: 'Sample.Periodic',
            measurand: 'Voltage',
            phase,
            unit: 'V',
          })),
          { value: '40', context: 'Sample.Periodic', measurand: 'SoC', location: 'EV', unit: 'Percent' },
        ],
      },
    ],
  },
]);

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * How fast this machine's one core is, on the work the harness does most: JSON.parse +
 * JSON.stringify of a 1.6 MeterValues frame, per CPU-second. Printed beside wall-clock figures so
 * that figures from different machines (or a loaded one) can be compared.
 */
export function machineSpeedLine(): string {
  let rounds = 0;
  const start = cpuMs();
  let text = FRAME;
  while (cpuMs() - start < 500) {
    for (let i = 0; i < 1000; i++) text = JSON.stringify(JSON.parse(text));
    rounds += 1000;
  }
  const perCpuS = Math.round((rounds / (cpuMs() - start)) * 1000);
  return (
    `machine: ${perCpuS.toLocaleString('en-US')} JSON parse+stringify round trips of a ${FRAME.length}-byte ` +
    `MeterValues frame per CPU-second on one of ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}); ` +
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}` +
    (process.execArgv.length > 0 ? `; node ${process.execArgv.join(' ')}` : '')
  );
}
