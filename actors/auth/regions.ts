/** The five regions of the backbone (the ShadowMesh seed's). */
export const REGIONS = ["north_america", "latin_america", "europe", "asia_pacific", "australia"] as const;
export type Region = (typeof REGIONS)[number];

/**
 * Each region's neighbours, nearest first: where a light node fails over when its own
 * region's backbone does not answer, and which regions a session token is valid in.
 * Chosen by typical round-trip times between the regions' exchange points.
 */
export const NEIGHBOURS: Readonly<Record<Region, readonly Region[]>> = {
  north_america: ["latin_america", "europe"],
  latin_america: ["north_america"],
  europe: ["north_america", "asia_pacific"],
  asia_pacific: ["australia", "europe"],
  australia: ["asia_pacific"],
};

/** The regions a token issued in `home` is good for: home first, then its neighbours. */
export function tokenRegions(home: Region): Region[] {
  return [home, ...NEIGHBOURS[home]];
}
