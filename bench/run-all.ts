import { machineSpeedLine } from './machine-speed.js';

/** One benchmark: loads its module and runs it; the module prints its own figures. */
interface BenchEntry {
  readonly name: string;
  readonly run: () => Promise<void>;
}

/** Every benchmark, run in turn by `npm run bench`. Add one line per bench module. */
const BENCHES: readonly BenchEntry[] = [
  { name: 'validator', run: async () => (await import('./validator-bench.js')).runValidatorBench() },
  { name: 'models', run: async () => (await import('./models-bench.js')).runModelsBench() },
  { name: 'rpc', run: async () => (await import('./rpc-bench.js')).runRpcBench() },
  { name: 'report', run: async () => (await import('./report-bench.js')).runReportBench() },
  { name: 'dlb', run: async () => (await import('./dlb-bench.js')).runDlbBench() },
  { name: 'csms', run: async () => (await import('./csms-bench.js')).runCsmsBench() },
  { name: 'billing', run: async () => (await import('./billing-bench.js')).runBillingBench() },
  { name: 'firmware', run: async () => (await import('./firmware-bench.js')).runFirmwareBench() },
  { name: 'fleet', run: async () => (await import('./fleet-bench.js')).runFleetBench() },
  { name: 'scenarios', run: async () => (await import('./scenario-bench.js')).runScenarioBench() },
  { name: 'conformance', run: async () => (await import('./conformance-bench.js')).runConformanceBench() },
];

console.log(machineSpeedLine());
for (const bench of BENCHES) {
  console.log(`\n== ${bench.name} ==`);
  await bench.run();
}
