import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { meshtwin, type Proc } from "../registry/proc.js";

const procs: Proc[] = [];
afterAll(() => {
  for (const p of procs) if (p.child.exitCode === null) p.child.kill("SIGKILL");
});

/** A relay: kademlia + notify, quick timers, a low base difficulty so the CLI's work takes well under a second. */
function relayConfig(dir: string, name: string, bootstrap: string[]): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    [
      `name: ${name}`,
      "listen: [/ip4/127.0.0.1/tcp/0]",
      `bootstrap: [${bootstrap.join(", ")}]`,
      "checkpoint: 200ms",
      "protocols:",
      "  kademlia: { requestTimeout: 2s, operationTimeout: 10s }",
      "notify: { baseDifficulty: fff0000000000000, lookupTimeout: 15s, requestTimeout: 5s, bodyLimit: 4096 }",
      "",
    ].join("\n"),
  );
  return file;
}

function start(config: string, dataDir: string): Proc {
  const p = meshtwin(["node", "--config", config, "--data-dir", dataDir]);
  procs.push(p);
  return p;
}

/** Runs a `meshtwin notify …` command to its end. */
async function cli(args: string[]): Promise<{ code: number | null; out: string[]; err: string }> {
  const p = meshtwin(["notify", ...args]);
  procs.push(p);
  const { code } = await p.exited;
  return { code, out: p.lines, err: p.stderr() };
}

describe("three meshtwin node relays", () => {
  it("notify send through one; SIGKILL and restart it; notify fetch through it recovers everything", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshtwin-notify-"));
    const a = start(relayConfig(dir, "a", []), join(dir, "a"));
    const addrA = (await a.line(/^listen .*\/p2p\//)).slice(7);
    const b = start(relayConfig(dir, "b", [addrA]), join(dir, "b"));
    const c = start(relayConfig(dir, "c", [addrA]), join(dir, "c"));
    const ids = await Promise.all([a, b, c].map(async (p) => (await p.line(/^id /)).slice(3)));
    await b.line(new RegExp(`^peer ${ids[0]}`), 30_000);
    await c.line(new RegExp(`^peer ${ids[0]}`), 30_000);
    await a.line(new RegExp(`^peer (${ids[1]}|${ids[2]})`), 30_000);
    await new Promise((r) => setTimeout(r, 2000)); // the DHT's self-lookups introduce b and c to each other

    const keyFile = join(dir, "wallet.key");
    const keygen = await cli(["keygen", "--out", keyFile]);
    expect(keygen.code).toBe(0);
    const pub = keygen.out[0]!;
    expect(pub).toMatch(/^[0-9a-f]{64}$/);

    const amounts = ["1000000000000000000000000", "2500000000000000000000000", "42"];
    const addresses: string[] = [];
    for (const [i, amount] of amounts.entries()) {
      const tx = String(i + 1).padStart(64, "a");
      const r = await cli(["send", "--to", pub, "--amount", amount, "--tx", tx, "--via", join(dir, "a")]);
      expect(r.err).toBe(""); // not a TTY: no progress bar
      expect(r.code).toBe(0);
      expect(r.out[0]).toMatch(/^nr_[a-z2-7]{52}$/);
      addresses.push(r.out[0]!);
    }

    // The receiving relay dies without a chance to save anything more, then comes back.
    a.child.kill("SIGKILL");
    expect((await a.exited).signal).toBe("SIGKILL");
    const again = start(join(dir, "a.yaml"), join(dir, "a"));
    expect((await again.line(/^id /)).slice(3)).toBe(ids[0]);
    await again.line(/^peer /, 30_000);

    const fetched = await cli(["fetch", "--key", keyFile, "--since", "1h", "--via", join(dir, "a"), "--json"]);
    expect(fetched.code).toBe(0);
    const rows = fetched.out.map((l) => JSON.parse(l) as { address: string; amountRaw: string; txHash: string });
    expect(rows.map((r) => r.address).sort()).toEqual([...addresses].sort());
    expect(rows.map((r) => r.amountRaw).sort()).toEqual([...amounts].sort());
    expect(fetched.err).toMatch(/^3 notification\(s\)\n$/);

    // The HTTP API: an oversized body is 413, bad JSON 400, too little work 422 naming the threshold.
    const { notifyUrl } = JSON.parse(readFileSync(join(dir, "a", "status.json"), "utf8")) as { notifyUrl: string };
    const post = (body: string) => fetch(`${notifyUrl}/notifications`, { method: "POST", body });
    expect((await post("x".repeat(5000))).status).toBe(413);
    expect((await post("{not json")).status).toBe(400);
    const lazy = await post(JSON.stringify({ ...JSON.parse(JSON.stringify(rows[0])), version: 1 }));
    expect(lazy.status).toBe(422); // not even a notification's shape
    expect(await lazy.json()).toEqual({ reason: "malformed" });

    // With b and c gone, a alone still returns everything: what it acknowledged survived SIGKILL.
    for (const p of [b, c]) p.child.kill("SIGTERM");
    for (const p of [b, c]) expect((await p.exited).code).toBe(0);
    const alone = await cli(["fetch", "--key", keyFile, "--via", join(dir, "a"), "--json"]);
    expect(alone.code).toBe(0);
    expect(alone.out.map((l) => (JSON.parse(l) as { address: string }).address).sort()).toEqual([...addresses].sort());

    again.child.kill("SIGTERM");
    expect((await again.exited).code).toBe(0);
  }, 240_000);

  it("bad input: one line naming the flag, exit 2", async () => {
    const r = await cli([
      "send",
      "--to",
      "xyz",
      "--amount",
      "1",
      "--tx",
      "00".repeat(32),
      "--via",
      "http://127.0.0.1:1",
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^--to: expected the recipient's X25519 public key as 64 hex digits, got 'xyz'\n$/);
    const f = await cli(["fetch", "--key", "/nonexistent/key", "--via", "http://127.0.0.1:1"]);
    expect(f.code).toBe(2);
    expect(f.err.split("\n").filter(Boolean)).toHaveLength(1);
  }, 60_000);
});
