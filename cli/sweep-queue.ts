import type { SeedRunner } from "./sweep-pool.js";

export async function queueRunner(
  _url: string,
  _meta: { file: string; hash: string; identity: string },
): Promise<SeedRunner> {
  throw new Error("not yet");
}
