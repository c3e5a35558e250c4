import { beforeAll, describe, expect, it } from "vitest";
import { nostrRelay, simPubkey, useWasmSignatures, type NostrRelayContext } from "../../../actors/nostr-relay/index.js";
import { Mesh } from "../helpers/mesh.js";

/**
 * The team-relay story on the simulator's network, at a small scale and without the
 * scenario grammar: a public relay, two team relays that are each other's peers, team
 * members and outsiders as clients (the relay actor with `serve: false`).
 */
function world() {
  const team = ["t0", "t1", "t2", "t3", "t4", "t5"];
  const outsiders = ["o0", "o1", "o2", "o3"];
  const teamRelays = ["ra", "rb"];
  const members = [
    ...team.map((id) => ({ pubkey: simPubkey(id) })),
    ...teamRelays.map((id) => ({ pubkey: simPubkey(id), relay: true })),
  ];
  const crew = { name: "crew", members };
  const client = { serve: false, client: { relays: ["pub", "ra", "rb"], reconnect: "10m" } };
  const mesh = new Mesh([
    { id: "pub", actors: [nostrRelay({})] },
    { id: "ra", actors: [nostrRelay({ team: crew, syncInterval: "20s" }, { peers: ["rb"] })] },
    { id: "rb", actors: [nostrRelay({ team: crew, syncInterval: "20s" }, { peers: ["ra"] })] },
    ...[...team, ...outsiders].map((id) => ({
      id,
      actors: [nostrRelay(client, { clientRelays: ["pub", "ra", "rb"] })],
    })),
  ]);
  mesh.start();
  const send = (from: string, to: string) => mesh.host(from).command("nostr-relay", { type: "send", to });
  const stored = (relay: string) =>
    new Set(
      mesh
        .context<NostrRelayContext>(relay, "nostr-relay")
        .core.ingest.index.values()
        .map((e) => e.id),
    );
  const lastSent = () => mesh.observed("nostr-relay.sent").at(-1)!.data as { id: string };
  const received = (node: string, id: string) =>
    mesh.observed("nostr-relay.received").some((e) => e.node === node && (e.data as { id: string }).id === id);
  return { mesh, team, outsiders, send, stored, lastSent, received };
}

describe("team relays in the simulator", () => {
  beforeAll(() => useWasmSignatures());

  it("given the public relay cut off, the team still messages through its own relays; outsiders get restricted:", () => {
    const w = world();
    w.mesh.run(2000);
    w.mesh.net.faults.partition([["pub"], ["ra", "rb", ...w.team, ...w.outsiders]]);
    w.send("t0", "t1");
    const msg = w.lastSent().id;
    w.send("o0", "t1");
    const spam = w.lastSent().id;
    w.mesh.run(2000);
    expect(w.received("t1", msg)).toBe(true);
    expect(w.received("t1", spam)).toBe(false);
    const refusals = w.mesh
      .observed("nostr-relay.refused")
      .filter((e) => e.node === "o0" && (e.data as { message: string }).message.startsWith("restricted:"));
    expect(new Set(refusals.map((e) => (e.data as { relay: string }).relay))).toEqual(new Set(["ra", "rb"]));
    expect(w.stored("ra").has(spam) || w.stored("rb").has(spam)).toBe(false);
  });

  it("given the team split between its two relays, when it heals, then negentropy makes the relays equal", () => {
    const w = world();
    w.mesh.run(2000);
    w.mesh.net.faults.partition([
      ["pub", "ra", "t0", "t1", "t2"],
      ["rb", "t3", "t4", "t5", ...w.outsiders],
    ]);
    w.send("t0", "t1");
    const onA = w.lastSent().id;
    w.send("t3", "t4");
    const onB = w.lastSent().id;
    w.mesh.run(5000);
    expect(w.stored("ra").has(onA) && !w.stored("rb").has(onA)).toBe(true);
    expect(w.stored("rb").has(onB) && !w.stored("ra").has(onB)).toBe(true);
    expect(w.received("t1", onA) && w.received("t4", onB)).toBe(true);
    w.mesh.net.faults.heal();
    w.mesh.run(45_000);
    expect([...w.stored("ra")].sort()).toEqual([...w.stored("rb")].sort());
    expect(w.stored("ra").has(onB) && w.stored("rb").has(onA)).toBe(true);
    const moved = w.mesh
      .observed("nostr-relay.sync")
      .reduce(
        (n, e) => n + (e.data as { sent: number; fetched: number }).sent + (e.data as { fetched: number }).fetched,
        0,
      );
    expect(moved).toBeGreaterThanOrEqual(2);
  });
});
