import { describe, expect, it } from "vitest";
import { difficultyOf, notify, type Notification, type NotifyContext } from "../../../actors/notify/index.js";
import type { ActorDefinition } from "../../../runtime/actor.js";
import { KadMesh } from "../kademlia/helpers.js";
import { notifyAttackerModule } from "../../../sim/notify/attacker.js";
import { notification, recipient, TEST_BASE } from "./helpers.js";

/** One relay (with its kademlia actor, alone: it is its own closest node). */
function relay(params: Record<string, unknown>) {
  const mesh = new KadMesh();
  const verdicts: Record<string, unknown>[] = [];
  mesh.log.entries$.subscribe((e) => {
    if (e.type === "notify.accepted" || e.type === "notify.refused")
      verdicts.push({ type: e.type.slice(7), ...(e.data as object) });
  });
  mesh.add("solo", {}, [notify({ baseDifficulty: TEST_BASE, ...params }) as ActorDefinition]);
  mesh.run(1000);
  const state = () => (mesh.hosts.get("solo")!.snapshot("notify")!.context as unknown as NotifyContext).notify;
  const submit = (n: unknown, ref: string) => {
    mesh.hosts.get("solo")!.command("notify", { type: "submit", notification: n, ref });
    mesh.run(10);
    return verdicts.find((v) => v.ref === ref)!;
  };
  return { mesh, state, submit };
}

describe("one relay's admission", () => {
  it("refuses work below the current difficulty and names the threshold; accepts it at the base", () => {
    const { mesh, submit } = relay({ targetRate: 3, maxLevel: 2 });
    const bob = recipient("bob");
    for (let i = 0; i < 3; i++) expect(submit(notification(bob.publicKey, { at: mesh.clock.now(), amount: String(i) }), `a${i}`)).toMatchObject({ type: "accepted", level: i < 2 ? 0 : 1 }); // prettier-ignore
    // Three accepted within the window: level 1, twice the work. Work made for the base fails unless lucky:
    const weak = notification(bob.publicKey, { at: mesh.clock.now(), amount: "weak", threshold: "fc00000000000000" });
    const needs = "fe00000000000000";
    const v = submit(weak, "weak");
    if (v.type === "refused") expect(v).toMatchObject({ reason: "low-work", required: needs });
    const strong = notification(bob.publicKey, { at: mesh.clock.now(), amount: "strong", threshold: needs });
    expect(submit(strong, "strong")).toMatchObject({ type: "accepted" });
  });

  it("refuses a notification with no work at all, and stores nothing", () => {
    const { mesh, state, submit } = relay({});
    // The all-zero nonce meets a 1/64 threshold for one hash in 64: take a notification where it does not.
    let n: Notification;
    let i = 0;
    do
      n = { ...notification(recipient("c").publicKey, { at: mesh.clock.now(), amount: String(i++) }), work: "0000000000000000" }; // prettier-ignore
    while (difficultyOf(n) >= BigInt(`0x${TEST_BASE}`));
    const v = submit(n, "zero");
    expect(v).toMatchObject({ type: "refused", reason: "low-work", required: TEST_BASE });
    mesh.run(120_000);
    expect(state().store.size).toBe(0);
  });

  it("holds the per-recipient rate limit, while another recipient still gets through", () => {
    const { mesh, state, submit } = relay({ recipientLimit: 2, recipientWindow: 60_000 });
    const dave = recipient("dave").publicKey;
    const verdicts = [0, 1, 2].map((i) => submit(notification(dave, { at: mesh.clock.now(), amount: String(i) }), `d${i}`)); // prettier-ignore
    expect(verdicts.map((v) => v.type)).toEqual(["accepted", "accepted", "refused"]);
    expect(verdicts[2]).toMatchObject({ reason: "rate-limited" });
    expect(submit(notification(recipient("erin").publicKey, { at: mesh.clock.now() }), "e")).toMatchObject({ type: "accepted" }); // prettier-ignore
    mesh.run(60_000);
    expect(submit(notification(dave, { at: mesh.clock.now(), amount: "later" }), "d3")).toMatchObject({ type: "accepted" }); // prettier-ignore
    expect(state().stats.refused["rate-limited"]).toBe(1);
  });

  it("keeps at most perRecipient, and drops everything at its TTL", () => {
    const { mesh, state, submit } = relay({ perRecipient: 3, recipientLimit: 100 });
    const f = recipient("frank").publicKey;
    for (let i = 0; i < 5; i++) submit(notification(f, { at: mesh.clock.now(), amount: String(i), ttl: 7_200_000 }), `f${i}`); // prettier-ignore
    mesh.run(60_000);
    expect(state().store.hashes(f, mesh.clock.now())).toHaveLength(3);
    expect(state().stats.evicted).toBe(2);
    mesh.run(2 * 3_600_000);
    // Past the TTL nothing is served even before the hourly sweep; the sweep then drops them.
    expect(state().store.hashes(f, mesh.clock.now())).toEqual([]);
    mesh.run(3_600_000);
    expect(state().store.size).toBe(0);
    expect(state().stats.expired).toBe(3);
  });
});

describe("frames from the network", () => {
  it("a misshapen STORE is dropped by the host (node.drop invalid) and stores nothing; a forged signature is refused", () => {
    const mesh = new KadMesh();
    const drops: unknown[] = [];
    const dropped: unknown[] = [];
    mesh.log.entries$.subscribe((e) => {
      if (e.type === "node.drop") drops.push(e.data);
      if (e.type === "notify.dropped") dropped.push(e.data);
    });
    mesh.add("solo", {}, [notify({ baseDifficulty: TEST_BASE }) as ActorDefinition]);
    const ctx = { id: "evil", group: "evil", role: "peer" as const, resolve: (s: string) => [s] };
    mesh.add("evil", {}, [notifyAttackerModule.create({}, ctx)]);
    mesh.run(1000);
    const emit = (msg: object) => mesh.hosts.get("evil")!.command("notify", { type: "emit", to: "solo", msg });
    emit({ type: "STORE", notification: 5 });
    emit({ type: "DIGEST", recipient: "zz", hashes: [] });
    const n = notification(recipient("g").publicKey, { at: mesh.clock.now() });
    emit({ type: "STORE", notification: { ...n, signer: "ab".repeat(32), signature: "cd".repeat(64) } });
    mesh.run(1000);
    expect(drops).toHaveLength(2);
    expect(drops).toEqual([expect.objectContaining({ reason: "invalid" }), expect.objectContaining({ reason: "invalid" })]); // prettier-ignore
    expect(dropped).toEqual([expect.objectContaining({ reason: "bad-signature", from: "evil" })]);
    const s = (mesh.hosts.get("solo")!.snapshot("notify")!.context as unknown as NotifyContext).notify;
    expect(s.store.size).toBe(0);
  });
});
