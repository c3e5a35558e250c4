import {
  generateKeyPair,
  generateKeyPairFromSeed,
  privateKeyFromProtobuf,
  privateKeyToProtobuf,
} from "@libp2p/crypto/keys";
import type { PrivateKey } from "@libp2p/interface";
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";

/**
 * The node's Ed25519 key from `path`, created on first use. The peer id (and so the
 * meshtwin NodeId) derives from it, so a restarted node keeps its identity and the
 * peers that cached it can still reach it.
 */
export async function loadOrCreateIdentity(path: string): Promise<PrivateKey> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  if (bytes) {
    try {
      return privateKeyFromProtobuf(bytes);
    } catch {
      // Never replace it silently: a new key is a new peer id, and every peer that cached this one loses it.
      throw new IdentityError(path);
    }
  }
  const key = await generateKeyPair("Ed25519");
  mkdirSync(dirname(path), { recursive: true });
  // Write-then-rename: a crash leaves either no key or a whole one, never half a key.
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, "w", 0o600);
  writeSync(fd, privateKeyToProtobuf(key));
  fsyncSync(fd);
  closeSync(fd);
  renameSync(tmp, path);
  return key;
}

/** A key file that is not a libp2p private key. */
export class IdentityError extends Error {
  override readonly name = "IdentityError";
  constructor(readonly path: string) {
    super(`${path} is not a libp2p private key (damaged?): restore it, or move it away to start under a new peer id`);
  }
}

/** A key derived from a 32-byte seed: reproducible identities for tests and benchmarks. */
export function identityFromSeed(seed: Uint8Array): Promise<PrivateKey> {
  if (seed.length !== 32) throw new Error(`identity seed must be 32 bytes, got ${seed.length}`);
  return generateKeyPairFromSeed("Ed25519", seed);
}
