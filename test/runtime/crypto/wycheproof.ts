/** Shapes of the Wycheproof ML-DSA test files this suite reads. */
export interface WycheproofFile<G> {
  algorithm: string;
  testGroups: G[];
}
export interface Case {
  tcId: number;
  comment: string;
  msg?: string;
  mu?: string;
  ctx?: string;
  rnd?: string;
  sig: string;
  result: "valid" | "invalid";
  flags: string[];
}
export interface VerifyGroup {
  publicKey: string;
  tests: Case[];
}
export interface SignGroup {
  privateSeed: string;
  publicKey: string;
  tests: Case[];
}
export interface NoSeedSignGroup {
  privateKey: string | null;
  publicKey: string;
  tests: Case[];
}
