/**
 * Path loss models (dB) as functions of distance in metres. The medium adds seeded
 * shadowing on top (see `shadowing.ts`); these are the deterministic means.
 */

/** Log-distance path loss: L(d) = L0 + 10·n·log10(d / d0). */
export interface LogDistance {
  readonly model: "log-distance";
  /** Path loss exponent n. @default 3.76 (ns-3 lorawan) */
  readonly exponent: number;
  /** Loss L0 at the reference distance, dB. @default 7.7 (ns-3 lorawan) */
  readonly referenceLoss: number;
  /** Reference distance d0, m. @default 1 */
  readonly referenceDistance: number;
}

/** Okumura-Hata (COST-231 range 150–1500 MHz) for a base antenna at `baseHeight`, a mobile at `mobileHeight`. */
export interface Hata {
  readonly model: "hata";
  /** urban (small/medium city), suburban (the 3GPP/COST correction), or open country. @default "suburban" */
  readonly environment: "urban" | "suburban" | "open";
  /** Transmitter (base) antenna height, m. @default 30 */
  readonly baseHeight: number;
  /** Receiver (mobile) antenna height, m. @default 1.5 */
  readonly mobileHeight: number;
}

export type PathLossModel = LogDistance | Hata;

/** ns-3 lorawan's default: exponent 3.76, 7.7 dB at 1 m. */
export const NS3_LOG_DISTANCE: LogDistance = {
  model: "log-distance",
  exponent: 3.76,
  referenceLoss: 7.7,
  referenceDistance: 1,
};

/** Meshtasticator's default: exponent 2.08, 127.41 dB at 40 m. */
export const MESHTASTICATOR_LOG_DISTANCE: LogDistance = {
  model: "log-distance",
  exponent: 2.08,
  referenceLoss: 127.41,
  referenceDistance: 40,
};

/** Mean path loss in dB at `distance` m for a carrier of `frequencyHz`. */
export function pathLoss(model: PathLossModel, distance: number, frequencyHz: number): number {
  if (model.model === "log-distance") {
    const d = Math.max(distance, model.referenceDistance);
    return model.referenceLoss + 10 * model.exponent * Math.log10(d / model.referenceDistance);
  }
  return hataLoss(model, Math.max(distance, 1), frequencyHz);
}

function hataLoss(m: Hata, distance: number, frequencyHz: number): number {
  const f = frequencyHz / 1e6;
  const km = distance / 1000;
  const hb = m.baseHeight;
  const hm = m.mobileHeight;
  // Mobile antenna correction for a small or medium city.
  const a = (1.1 * Math.log10(f) - 0.7) * hm - (1.56 * Math.log10(f) - 0.8);
  const urban =
    69.55 + 26.16 * Math.log10(f) - 13.82 * Math.log10(hb) - a + (44.9 - 6.55 * Math.log10(hb)) * Math.log10(km);
  if (m.environment === "urban") return urban;
  if (m.environment === "suburban") return urban - 2 * Math.log10(f / 28) ** 2 - 5.4;
  return urban - 4.78 * Math.log10(f) ** 2 + 18.33 * Math.log10(f) - 40.94;
}

/**
 * The distance at which the mean loss reaches `budget` dB (the inverse of {@link pathLoss}),
 * found by bisection so it works for every model; Infinity above 1000 km.
 */
export function distanceForLoss(model: PathLossModel, budget: number, frequencyHz: number): number {
  let lo = 0;
  let hi = 1_000_000;
  if (pathLoss(model, hi, frequencyHz) < budget) return Infinity;
  if (pathLoss(model, lo, frequencyHz) >= budget) return 0;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (pathLoss(model, mid, frequencyHz) < budget) lo = mid;
    else hi = mid;
  }
  return lo;
}
