import { beforeAll, describe, expect, it } from "vitest";
import { compareDistance, kadKey } from "../../../actors/kademlia/distance.js";
import { notify, open, recipientPoint, type Notification, type NotifyContext } from "../../../actors/notify/index.js";
import type { ActorDefinition } from "../../../runtime/actor.js";
import { KadMesh } from "../kademlia/helpers.js";
import { notification, recipient, TEST_BASE } from "./helpers.js";

const N = 40;
const HOUR = 3_600_000;
const params = { baseDifficulty: TEST_BASE, antiEntropyInterval: HOUR, recipientLimit: 100 };

/** The 3 node ids XOR-closest to the recipient's point, by brute force over every node. */
function bruteForce(ids: readonly string[], to: string): string[] {
  const t = recipientPoint(to);
  return [...ids].sort((a, b) => compareDistance(kadKey(a), kadKey(b), t)).slice(0, 3);
}

/** Every `notify.*` observation, with its node, in log order. */
const seen: { node: string; type: string; data: Record<string, unknown> }[] = [];

function network(): { mesh: KadMesh; ids: string[] } {
  const mesh = new KadMesh();
  mesh.log.entries$.subscribe((e) => {
    if (e.type.startsWith("notify."))
      seen.push({ node: e.node, type: e.type, data: e.data as Record<string, unknown> });
  });
  const ids = Array.from({ length: N }, (_, i) => `r-${i}`);
  ids.forEach((id, i) => {
    mesh.add(id, { bootstrap: i === 0 ? [] : ["r-0"] }, [notify(params) as ActorDefinition]);
    mesh.run(100);
  });
  mesh.run(30_000);
  return { mesh, ids };
}

const observed = (_mesh: KadMesh, type: string): Record<string, unknown>[] =>
  seen.filter((e) => e.type === `notify.${type}`).map((e) => ({ node: e.node, ...e.data }));
const held = (mesh: KadMesh, id: string, to: string): string[] =>
  (mesh.hosts.get(id)!.snapshot("notify")!.context as unknown as NotifyContext).notify.store.hashes(to, mesh.clock.now()); // prettier-ignore

describe("a relay mesh of 40 nodes with kademlia", () => {
  let mesh: KadMesh;
  let ids: string[];
  const alice = recipient("alice");
  const sent: Notification[] = [];
  beforeAll(() => {
    ({ mesh, ids } = network());
    for (let i = 0; i < 5; i++) {
      const n = notification(alice.publicKey, { at: mesh.clock.now(), amount: String(i) });
      sent.push(n);
      mesh.hosts.get(ids[(i * 7) % N]!)!.command("notify", { type: "submit", notification: n, ref: `s${i}` });
      mesh.run(1000);
    }
    mesh.run(10_000);
  });

  it("accepts each and stores it on exactly the 3 XOR-closest nodes (brute-force sort of all 40)", () => {
    expect(observed(mesh, "accepted")).toHaveLength(5);
    const expected = bruteForce(ids, alice.publicKey).sort();
    const holders = ids.filter((id) => held(mesh, id, alice.publicKey).length > 0).sort();
    expect(holders).toEqual(expected);
    for (const id of expected) expect(held(mesh, id, alice.publicKey)).toHaveLength(5);
    for (const r of observed(mesh, "routed")) expect([...(r as { replicas: string[] }).replicas].sort()).toEqual(expected); // prettier-ignore
  });

  it("a replay: refused by the relay that accepted it, stored nowhere twice via another, refused by all once stale", () => {
    const stored = observed(mesh, "stored").length;
    const entry = observed(mesh, "accepted").find((a) => (a as { ref?: string }).ref === "s0")!.node as string;
    mesh.hosts.get(entry)!.command("notify", { type: "submit", notification: sent[0], ref: "replay1" });
    mesh.hosts.get(entry === "r-3" ? "r-4" : "r-3")!.command("notify", { type: "submit", notification: sent[0], ref: "replay2" }); // prettier-ignore
    mesh.run(10_000);
    const refusal = (ref: string) => observed(mesh, "refused").find((r) => (r as { ref?: string }).ref === ref);
    expect(refusal("replay1")).toMatchObject({ reason: "duplicate" });
    expect(observed(mesh, "stored")).toHaveLength(stored);
    mesh.run(HOUR);
    mesh.hosts.get("r-5")!.command("notify", { type: "submit", notification: sent[1], ref: "replay3" });
    mesh.run(100);
    expect(refusal("replay3")).toMatchObject({ reason: "stale" });
  });

  it("a wallet's fetch from any relay finds the providers and recovers all 5, each opening to its amount", () => {
    mesh.hosts.get("r-25")!.command("notify", { type: "fetch", recipient: alice.publicKey, since: 0, ref: "f1" });
    mesh.run(30_000);
    const f = observed(mesh, "fetched").find((x) => (x as { ref: string }).ref === "f1") as unknown as {
      notifications: Notification[];
      asked: string[];
    };
    expect([...f.asked].sort()).toEqual(bruteForce(ids, alice.publicKey).sort());
    expect(f.notifications.map((n) => open(n, alice.secretKey)?.amountRaw).sort()).toEqual(["0", "1", "2", "3", "4"]);
  });

  it("anti-entropy refills a replica that lost everything (hashes first, then only the missing items)", () => {
    const victim = bruteForce(ids, alice.publicKey)[1]!;
    const host = mesh.hosts.get(victim)!;
    host.stop();
    host.start(false); // a fresh start: store empty
    mesh.run(1000);
    expect(held(mesh, victim, alice.publicKey)).toEqual([]);
    mesh.run(HOUR + 60_000);
    expect(held(mesh, victim, alice.publicKey)).toHaveLength(5);
    const digests = observed(mesh, "digest").filter((d) => d.node === victim) as { missing: number }[];
    expect(digests.some((d) => d.missing === 5)).toBe(true);
    // The others had everything: their digests asked for nothing.
    expect(observed(mesh, "digest").filter((d) => d.node !== victim).every((d) => (d as { missing: number }).missing === 0)).toBe(true); // prettier-ignore
  });
});
