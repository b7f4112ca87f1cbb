/*
 * Rounding for outputs. Two kinds, kept apart because they differ at halves and in the last bit, and
 * each output file keeps the kind it was written with:
 * - roundTo: the nearest multiple of 10^-digits (Math.round, halves up);
 * - fixedTo: what `toFixed` prints, back as a number (halves as the decimal expansion falls).
 */

export function roundTo(v: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(v * scale) / scale;
}

export function fixedTo(v: number, digits: number): number {
  return Number(v.toFixed(digits));
}
