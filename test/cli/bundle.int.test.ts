import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { loadOrCreateIdentity } from "../../drivers/libp2p/identity.js";
import { openNodeStore } from "../../drivers/store/index.js";

const run = promisify(execFile);
const cli = (...args: string[]) =>
  run(process.execPath, ["cli/bin.js", ...args], { env: { ...process.env, NO_COLOR: "1" } }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

/** A stopped node's data dir with an identity and, optionally, gossip items and cached peers. */
async function node(dir: string, items: { id: string }[] = [], peers: [string, string][] = []) {
  await loadOrCreateIdentity(join(dir, "identity.key"));
  const store = await openNodeStore(dir);
  if (items.length) store.actors.set("gossip", { items });
  for (const [id, addr] of peers) store.peers.set(id, { addrs: [addr], seenAt: 5 });
  await store.close();
}

describe("meshtwin bundle: sneakernet between nodes that cannot reach each other", () => {
  const root = mkdtempSync(join(tmpdir(), "meshtwin-bundle-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const [a, b, c] = ["a", "b", "c"].map((n) => join(root, n)) as [string, string, string];

  it("export → import merges messages and peers once; tampered and foreign bundles are refused", async () => {
    const far = "12D3KooWGQXbzrTUekK4VKNPyYKgJjRP7NudALawUuewEj6HTaGx";
    await node(
      a,
      [{ id: "m1", origin: "x", hops: 0, body: "hello" } as never, { id: "m2" }],
      [[far, "/ip4/127.0.0.1/tcp/9"]],
    );
    await node(b, [{ id: "m2" }]);
    await node(c);
    const bKey = (await cli("bundle", "key", "--data-dir", b)).stdout.trim();
    expect(bKey).toMatch(/^[0-9a-f]{3136}$/); // ML-KEM-1024 public key: 1568 bytes
    await cli("bundle", "key", "--data-dir", c);
    const file = join(root, "a-to-b.bundle");
    const exported = await cli("bundle", "export", "--data-dir", a, "--to", bKey, "--out", file);
    expect(exported.stdout).toMatch(/2 message\(s\), 1 peer\(s\)/);

    const first = await cli("bundle", "import", file, "--data-dir", b);
    expect(first.stdout).toMatch(/1 new message\(s\), 2 new peer\(s\)/); // m1; the far peer and a itself (its card)
    const again = await cli("bundle", "import", file, "--data-dir", b);
    expect(again.stdout).toMatch(/0 new message\(s\), 0 new peer\(s\)/);
    const store = await openNodeStore(b, { create: false });
    const items = (store.actors.get("gossip") as { items: { id: string; body?: string }[] }).items;
    expect(items.map((m) => m.id)).toEqual(["m2", "m1"]);
    expect(items[1]!.body).toBe("hello");
    expect(store.peers.get(far)?.addrs).toEqual(["/ip4/127.0.0.1/tcp/9"]);
    await store.close();

    const foreign = await cli("bundle", "import", file, "--data-dir", c);
    expect(foreign.code).not.toBe(0);
    expect(foreign.stderr).toMatch(/bundle refused: the bundle is not addressed to this node/);

    const bytes = readFileSync(file);
    const { gunzipSync, gzipSync } = await import("node:zlib");
    const sealed = JSON.parse(gunzipSync(bytes).toString());
    sealed.created += 1; // any change to what the signature covers
    const tamperedFile = join(root, "tampered.bundle");
    writeFileSync(tamperedFile, gzipSync(JSON.stringify(sealed)));
    const tampered = await cli("bundle", "import", tamperedFile, "--data-dir", b);
    expect(tampered.code).not.toBe(0);
    expect(tampered.stderr).toMatch(/signature does not match its sender/);
    expect(tampered.stderr).not.toMatch(/\n\s+at /);
  });
});
