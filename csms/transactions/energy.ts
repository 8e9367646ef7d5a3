/**
 * Energy delivered, in Wh, from the import register readings of one transaction in time order
 * (meterStart, samples, meterStop). A register that counts up across sessions and one that is
 * reset for each session both come out right; a reading lower than the one before means the
 * register was reset mid-session, and counting resumes from zero.
 * @returns undefined when there is no reading at all.
 */
export function energyFromRegisterWh(readingsWh: readonly number[]): number | undefined {
  if (readingsWh.length === 0) return undefined;
  let energyWh = 0;
  for (let i = 1; i < readingsWh.length; i++) {
    const previous = readingsWh[i - 1]!;
    const current = readingsWh[i]!;
    energyWh += current >= previous ? current - previous : current;
  }
  return Number(energyWh.toPrecision(15));
}
