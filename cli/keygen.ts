import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { identityFrom } from "../actors/auth/keys.js";
import { realCrypto } from "../runtime/crypto/real.js";

/** What `meshtwin keygen --ml-dsa-87` writes: the secret seed and, for convenience, what derives from it. */
export interface KeyFile {
  readonly type: "meshtwin/ml-dsa-87";
  /** 32-byte seed (hex): FIPS 204 ML-DSA.KeyGen(ξ) and, hashed, the Ed25519 token key. The secret. */
  readonly seed: string;
  /** First 20 bytes of sha256 of the ML-DSA-87 public key (hex). */
  readonly peerId: string;
  /** Ed25519 public key that verifies the tokens this node issues as a backbone node (hex). */
  readonly tokenKey: string;
  /** ML-DSA-87 public key, 2,592 bytes (base64url). */
  readonly publicKey: string;
}

/** The public half of a key file, written next to it as `<file>.pub` (what a roster entry needs). */
export type PublicKeyFile = Omit<KeyFile, "seed">;

/** A user's mistake with a key file: one line, no stack trace. */
export class KeyFileError extends Error {}

/** Builds the key file of a seed. */
export function keyFileOf(seed: Uint8Array): KeyFile {
  const me = identityFrom(realCrypto(), seed);
  return {
    type: "meshtwin/ml-dsa-87",
    seed: Buffer.from(seed).toString("hex"),
    peerId: me.peerId,
    tokenKey: Buffer.from(me.token.publicKey).toString("hex"),
    publicKey: Buffer.from(me.mldsa.publicKey).toString("base64url"),
  };
}

/**
 * Writes a fresh key (seed from the OS CSPRNG) to `path` with mode 0600 and its public half
 * to `path.pub`. Refuses to overwrite an existing key unless `force`: a lost key is a lost identity.
 */
export function writeKeyFile(path: string, force = false): KeyFile {
  if (!force && existsSync(path)) throw new KeyFileError(`${path}: exists; pass --force to replace the key`);
  const key = keyFileOf(randomBytes(32));
  writeFileSync(path, JSON.stringify(key, null, 2) + "\n", { mode: 0o600 });
  chmodSync(path, 0o600); // an existing file keeps its old mode on overwrite; a key must not
  const { seed: _, ...pub } = key;
  writeFileSync(`${path}.pub`, JSON.stringify(pub, null, 2) + "\n", { mode: 0o644 });
  return key;
}

/** Reads and checks a key file; refuses one that others can read (as ssh does). */
export function readKeyFile(path: string): KeyFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new KeyFileError(`${path}: cannot read the key file`);
  }
  if (process.platform !== "win32" && (statSync(path).mode & 0o077) !== 0)
    throw new KeyFileError(
      `${path}: key file is readable by others (mode ${(statSync(path).mode & 0o777).toString(8)}); chmod 600 it`,
    );
  let data: Partial<KeyFile>;
  try {
    data = JSON.parse(text) as Partial<KeyFile>;
  } catch {
    throw new KeyFileError(`${path}: expected a meshtwin key file (JSON), got unparseable text`);
  }
  if (data.type !== "meshtwin/ml-dsa-87" || typeof data.seed !== "string" || !/^[0-9a-f]{64}$/.test(data.seed))
    throw new KeyFileError(`${path}: expected a meshtwin ML-DSA-87 key file with a 32-byte hex seed`);
  const key = keyFileOf(Uint8Array.from(Buffer.from(data.seed, "hex")));
  if (data.peerId !== undefined && data.peerId !== key.peerId)
    throw new KeyFileError(`${path}: peerId does not match the seed (edited key file?)`);
  return key;
}

/** `meshtwin keygen --ml-dsa-87 --out FILE`: exit status. */
export function keygenCommand(opts: { mlDsa87?: boolean; out: string; force?: boolean }): number {
  if (!opts.mlDsa87) {
    process.stderr.write("keygen: name the key type; only --ml-dsa-87 is supported\n");
    return 2;
  }
  try {
    const key = writeKeyFile(opts.out, opts.force);
    process.stdout.write(
      `wrote ${opts.out} (mode 600) and ${opts.out}.pub\npeerId   ${key.peerId}\ntokenKey ${key.tokenKey}\n`,
    );
    return 0;
  } catch (err) {
    if (!(err instanceof KeyFileError)) throw err;
    process.stderr.write(err.message + "\n");
    return 2;
  }
}
