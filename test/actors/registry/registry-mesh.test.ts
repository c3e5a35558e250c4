import { describe, expect, it } from "vitest";
import { discovery } from "../../../actors/discovery/index.js";
import { registrant } from "../../../actors/registrant/index.js";
import { decisionMessage, registry, signerForLabel, type RegistryContext } from "../../../actors/registry/index.js";
import type { DiscoveryContext } from "../../../actors/discovery/index.js";
import { Mesh } from "../helpers/mesh.js";

const sovereign = signerForLabel("modelled", "sovereign");
const SIG = { signatures: "modelled" as const };

function world(n: number) {
  const validators = Array.from({ length: n }, (_, i) => `v-${i}`);
  const mesh = new Mesh([
    {
      id: "reg",
      segment: "reg",
      actors: [registry({ ...SIG, genesisKey: sovereign.publicKey, sweepInterval: 10_000 })],
    },
    ...validators.map((id) => ({
      id,
      segment: id,
      actors: [registrant({ ...SIG, registry: "reg", pollInterval: 10_000 }), discovery({ localBroadcast: false })],
    })),
  ]);
  const decide = (decision: "approve" | "deny", nodeId: string) =>
    mesh.host("reg").command("registry", {
      type: "request",
      rid: 0,
      method: "POST",
      path: `/${decision}/${nodeId}`,
      body: { approverPublicKey: sovereign.publicKey, signature: sovereign.sign(decisionMessage(decision, nodeId)) },
    });
  const status = (id: string) => mesh.context<RegistryContext>("reg", "registry").state.nodes.get(id)?.status;
  return { mesh, validators, decide, status };
}

describe("registry and registrants on the simulated network", () => {
  it("given registrations, when a sovereign decides, then approved nodes discover each other and denied ones are never discovered", () => {
    const { mesh, validators, decide, status } = world(6);
    mesh.start().run(5_000);
    expect(validators.map(status)).toEqual(validators.map(() => "pending"));
    for (const id of validators.slice(0, 5)) decide("approve", id);
    decide("deny", "v-5");
    mesh.run(30_000);
    expect(validators.map(status)).toEqual(["active", "active", "active", "active", "active", "denied"]);
    for (const id of validators.slice(0, 5)) {
      const d = mesh.context<DiscoveryContext>(id, "discovery");
      expect(d.mode).toBe("connected");
      expect(new Set(d.known)).toEqual(new Set(validators.slice(0, 5).filter((v) => v !== id)));
    }
    expect(mesh.host("v-5").snapshot("registry")!.value).toBe("denied");
    expect(mesh.context<DiscoveryContext>("v-5", "discovery").known).toEqual([]);
  });

  it("given an active node cut off from the registry, then it goes offline after 5 minutes and is active within one heartbeat of the heal", () => {
    const { mesh, validators, decide, status } = world(3);
    mesh.start().run(5_000);
    for (const id of validators) decide("approve", id);
    mesh.run(60_000);
    mesh.net.faults.partition([["reg"], ["v-0"]]);
    const cut = mesh.clock.now();
    mesh.run(4 * 60_000);
    expect(status("v-0")).toBe("active"); // silence shorter than offlineAfter
    mesh.run(3 * 60_000);
    expect(status("v-0")).toBe("offline");
    expect(status("v-1")).toBe("active");
    const offline = mesh.observed("registry.event").find((e) => (e.data as { kind: string }).kind === "offline")!;
    // Offline between 5 min after the last heartbeat before the cut and one sweep later.
    expect(offline.at - cut).toBeGreaterThan(5 * 60_000 - 120_000);
    expect(offline.at - cut).toBeLessThanOrEqual(5 * 60_000 + 10_000);
    mesh.net.faults.heal();
    const healed = mesh.clock.now();
    mesh.run(120_000 + 1_000);
    expect(status("v-0")).toBe("active");
    const online = mesh.observed("registry.event", healed).find((e) => (e.data as { kind: string }).kind === "online")!;
    expect(online.at - healed).toBeLessThanOrEqual(120_000 + 100);
  });

  it("a request frame of the wrong shape is dropped by the host, never served", () => {
    const { mesh } = world(1);
    mesh.start().run(1_000);
    const evil = mesh.net.attach({ id: "evil", group: "mesh", segment: "evil" });
    evil.start();
    const served: string[] = [];
    mesh.log.entries$.subscribe((e) => e.type === "registry.in" && e.node === "reg" && served.push(e.type));
    evil.send({
      from: "evil",
      to: "reg",
      protocol: "registry",
      payload: { type: "request", rid: "x", method: "DELETE", path: "/" },
    });
    mesh.run(1_000);
    expect(mesh.host("reg").stats.reasons.invalid).toBe(1);
    expect(served).toEqual([]);
    expect(() =>
      mesh.host("reg").checkCommand("registry", { type: "request", rid: 0, method: "PUT", path: "/" }),
    ).toThrow(/refused/);
  });
});
