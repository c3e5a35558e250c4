/**
 * Receiver limits: sensitivity per spreading factor and bandwidth, the thermal noise
 * floor, and the SNR a demodulator needs.
 */

/** Sensitivity at 125 kHz for SF7..SF12, dBm (SX1272 datasheet, as ns-3 lorawan uses it). */
const SENSITIVITY_125K: Readonly<Record<number, number>> = {
  6: -121,
  7: -124,
  8: -127,
  9: -130,
  10: -133,
  11: -135,
  12: -137,
};

/** Receiver sensitivity in dBm: the 125 kHz figure, about 3 dB worse for each doubling of bandwidth. */
export function sensitivity(sf: number, bandwidth: number): number {
  const base = SENSITIVITY_125K[sf];
  if (base === undefined) throw new RangeError(`no sensitivity for SF${sf}`);
  return base + 10 * Math.log10(bandwidth / 125_000);
}

/** Receiver noise figure, dB (SX127x typical). @default 6 */
export const NOISE_FIGURE = 6;

/** Thermal noise floor in dBm over `bandwidth` Hz: −174 dBm/Hz + 10·log10(BW) + NF. */
export function noiseFloor(bandwidth: number, noiseFigure = NOISE_FIGURE): number {
  return -174 + 10 * Math.log10(bandwidth) + noiseFigure;
}

/** SNR the SX127x demodulator needs per SF (datasheet table 13), dB. */
export const REQUIRED_SNR: Readonly<Record<number, number>> = {
  6: -5,
  7: -7.5,
  8: -10,
  9: -12.5,
  10: -15,
  11: -17.5,
  12: -20,
};

/**
 * Inter-SF isolation (dB), Goursaud & Gorce (2015) as ns-3 lorawan's GOURSAUD matrix
 * holds it (rows: the wanted frame's SF, columns: the interferer's): a frame survives an
 * overlapping frame of another SF when its power exceeds the interferer's by at least
 * this much (negative: it may be that much weaker). The diagonal is the co-SF capture
 * threshold, which the medium takes from its own setting (6 dB).
 */
export const GOURSAUD: Readonly<Record<number, Readonly<Record<number, number>>>> = {
  7: { 7: 6, 8: -16, 9: -18, 10: -19, 11: -19, 12: -20 },
  8: { 7: -24, 8: 6, 9: -20, 10: -22, 11: -22, 12: -22 },
  9: { 7: -27, 8: -27, 9: 6, 10: -23, 11: -25, 12: -25 },
  10: { 7: -30, 8: -30, 9: -30, 10: 6, 11: -26, 12: -28 },
  11: { 7: -33, 8: -33, 9: -33, 10: -33, 11: 6, 12: -29 },
  12: { 7: -36, 8: -36, 9: -36, 10: -36, 11: -36, 12: 6 },
};
