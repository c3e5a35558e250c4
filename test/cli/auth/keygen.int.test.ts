import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readKeyFile } from "../../../cli/keygen.js";
import { peerIdOf } from "../../../actors/auth/peer-id.js";
import { realCrypto } from "../../../runtime/crypto/real.js";

const meshtwin = (...args: string[]) =>
  spawnSync(process.execPath, ["cli/bin.js", ...args], { encoding: "utf8", env: { ...process.env, CI: "true" } });

describe("meshtwin keygen --ml-dsa-87 (real process)", () => {
  const dir = mkdtempSync(join(tmpdir(), "meshtwin-keygen-"));
  const file = join(dir, "node.key");

  it("writes a mode-600 key file and a public half; prints the PeerID, which is sha256(public key)[0:20]", () => {
    const r = meshtwin("keygen", "--ml-dsa-87", "--out", file);
    expect(r.status, r.stderr).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const key = readKeyFile(file);
    expect(r.stdout).toContain(`peerId   ${key.peerId}`);
    const publicKey = Buffer.from(key.publicKey, "base64url");
    expect(publicKey.length).toBe(2592);
    expect(key.peerId).toBe(peerIdOf(realCrypto(), publicKey));
    const pub = JSON.parse(readFileSync(`${file}.pub`, "utf8"));
    expect(pub).toEqual({ type: key.type, peerId: key.peerId, tokenKey: key.tokenKey, publicKey: key.publicKey });
  });

  it("two runs give two different keys (CSPRNG), and never overwrite without --force", () => {
    const other = join(dir, "other.key");
    expect(meshtwin("keygen", "--ml-dsa-87", "--out", other).status).toBe(0);
    expect(readKeyFile(other).peerId).not.toBe(readKeyFile(file).peerId);
    const again = meshtwin("keygen", "--ml-dsa-87", "--out", other);
    expect(again.status).toBe(2);
    expect(again.stderr.trim()).toBe(`${other}: exists; pass --force to replace the key`);
    expect(meshtwin("keygen", "--ml-dsa-87", "--out", other, "--force").status).toBe(0);
  });

  it("refuses a key file others can read, and asks for the key type", () => {
    const loose = join(dir, "loose.key");
    expect(meshtwin("keygen", "--ml-dsa-87", "--out", loose).status).toBe(0);
    chmodSync(loose, 0o644);
    expect(() => readKeyFile(loose)).toThrow(/readable by others/);
    const r = meshtwin("keygen", "--out", join(dir, "x.key"));
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/at .*\.ts/); // one line, no stack trace
  });
});
