import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
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

describe("meshtwin card", () => {
  const root = mkdtempSync(join(tmpdir(), "meshtwin-card-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("prints a card another node adds to its cache; a tampered card is refused with the reason", async () => {
    const a = join(root, "a");
    const b = join(root, "b");
    await loadOrCreateIdentity(join(a, "identity.key"));
    await (await openNodeStore(b)).close();
    const png = join(root, "a.png");
    const made = await cli("card", "--data-dir", a, "--png", png);
    expect(made.code).toBe(0);
    const uri = made.stdout.trim().split("\n").at(-1)!;
    expect(uri).toMatch(/^meshtwin:card:/);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe("PNG");

    const added = await cli("card", "add", uri, "--data-dir", b);
    expect(added.stdout).toMatch(/^added 12D3Koo/);
    const store = await openNodeStore(b, { create: false });
    const id = added.stdout.split(" ")[1]!;
    expect(store.peers.get(id)).toBeDefined();
    expect((store.actors.get("discovery") as { cache: string[] }).cache[0]).toBe(id);
    await store.close();

    const tampered = uri.slice(0, -6) + (uri.endsWith("AAAAAA") ? "BBBBBB" : "AAAAAA");
    const refused = await cli("card", "add", tampered, "--data-dir", b);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/card refused/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
  });

  it("a data dir with no node identity is one line and exit 2, and nothing is created", async () => {
    const empty = join(root, "nothing-here");
    const r = await cli("card", "--data-dir", empty);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has no node identity/);
    expect(() => readFileSync(join(empty, "identity.key"))).toThrow();
  });
});
