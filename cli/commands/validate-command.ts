import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { OcppVersion } from '../../common/ocpp-version.js';
import type { RecordingReport } from '../../schemas/recording-check.js';
import { checkRecording } from '../../schemas/recording-check.js';
import { defaultValidator } from '../../schemas/validator.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../usage-error.js';

interface ValidateOptions {
  readonly version: string;
  readonly json?: boolean;
}

function parseVersionOption(value: string): OcppVersion {
  if (value === '1.6' || value === '2.0.1') return value;
  throw new UsageError(`--version must be 1.6 or 2.0.1 (got "${value}")`);
}

async function readInput(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (err as Error).message;
    throw new UsageError(`cannot read FILE "${file}": ${reason}; give the path of a JSONL recording`);
  }
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

/** Renders the human-readable report: the per-action table, then every violation. */
export function formatReport(file: string, report: RecordingReport): string {
  const out: string[] = [];
  out.push(`validated ${report.frames} frame(s) of ${file} against the OCPP ${report.version} schemas`);
  const others = report.recordedVersions.filter((v) => v !== report.version);
  if (others.length > 0) {
    out.push(`note: the records say they were recorded as OCPP ${others.join(', ')}; is --version right?`);
  }
  const head = ['action', 'calls', 'results', 'errors', 'invalid'];
  const rows = report.actions.map((a) => [
    a.action,
    ...[a.calls, a.results, a.errors, a.invalid].map(String),
  ]);
  const sum = (k: 'calls' | 'results' | 'errors' | 'invalid') => report.actions.reduce((n, a) => n + a[k], 0);
  const total = ['total', ...(['calls', 'results', 'errors', 'invalid'] as const).map((k) => String(sum(k)))];
  const widths = head.map((h, c) => Math.max(h.length, ...[...rows, total].map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => pad(cell, widths[c] ?? 0, c > 0))
      .join('  ')
      .trimEnd();
  out.push('', line(head), ...rows.map(line), line(total), '');
  const why = report.unchecked > 0 ? ' (CALLERRORs and answers to no CALL in the file have no schema)' : '';
  out.push(`${report.valid} valid, ${report.invalid} invalid, ${report.unchecked} unchecked${why}`);
  if (report.findings.length > 0) {
    out.push('', 'violations:');
    for (const f of report.findings) {
      const where = [`line ${f.line}`, f.messageId === undefined ? undefined : `id ${f.messageId}`]
        .filter(Boolean)
        .join(' ');
      const what = [f.action, f.messageType].filter(Boolean).join(' ');
      out.push(`  ${where}  ${what}  ${f.code}  ${f.message}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** Registers `ocpp-harness validate` (frames file against the official schemas). */
export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('validate recorded OCPP-J frames (JSONL) against the official schemas')
    .requiredOption('--version <version>', 'OCPP version of the frames: 1.6 or 2.0.1')
    .option('--json', 'print a machine-readable summary (JSON) instead of the table')
    .argument(
      '<file>',
      'JSONL file: one OCPP-J frame per line, { "direction", "frame" } records, or recorded { "direction", "raw" } frames',
    )
    .addHelpText(
      'after',
      '\nExit status: 0 when every frame is valid, 1 when any is invalid, 2 on a usage error.',
    )
    .action(async (file: string, options: ValidateOptions) => {
      const version = parseVersionOption(options.version);
      const text = await readInput(file);
      const report = checkRecording(defaultValidator(), version, text);
      const output = options.json
        ? `${JSON.stringify({ file, ...report }, null, 2)}\n`
        : formatReport(file, report);
      process.stdout.write(output);
      process.exitCode = report.invalid > 0 ? EXIT_FAILED : EXIT_OK;
    });
}
