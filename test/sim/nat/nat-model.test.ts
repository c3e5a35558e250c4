import { describe, expect, it } from "vitest";
import { behaviourOf, type NatType } from "../../../sim/nat/behaviour.js";
import { NatModel } from "../../../sim/nat/nat-model.js";

/** Sends one message at `at` and says whether it arrives (inbound judged at the same instant). */
function send(nat: NatModel, from: string, to: string, at: number): boolean {
  const pass = nat.outbound(from, to, at);
  return pass !== undefined && nat.inbound(from, to, pass, at);
}

/** Node `x` behind a NAT of `type`; `s`, `t` public servers; `y` behind its own NAT of `peer`. */
function world(type: Exclude<NatType, "none">, peer?: Exclude<NatType, "none">, timeout = 120_000): NatModel {
  const nat = new NatModel();
  nat.add("x", "dx", behaviourOf(type, timeout));
  if (peer) nat.add("y", "dy", behaviourOf(peer, timeout));
  return nat;
}

describe("NAT model (RFC 4787)", () => {
  it.each(["full-cone", "restricted", "port-restricted", "symmetric"] as const)(
    "%s: a node behind it cannot be dialled before it sends anything",
    (type) => {
      const nat = world(type);
      expect(send(nat, "s", "x", 0)).toBe(false);
    },
  );

  it.each(["full-cone", "restricted", "port-restricted", "symmetric"] as const)(
    "%s: replies on an open mapping pass",
    (type) => {
      const nat = world(type);
      expect(send(nat, "x", "s", 0)).toBe(true);
      expect(send(nat, "s", "x", 10)).toBe(true);
    },
  );

  it("full cone (EIM + EIF): once mapped, any host may send to the mapping", () => {
    const nat = world("full-cone");
    send(nat, "x", "s", 0);
    expect(send(nat, "t", "x", 10)).toBe(true);
  });

  it.each(["restricted", "port-restricted", "symmetric"] as const)(
    "%s: a third host that x never sent to is filtered",
    (type) => {
      const nat = world(type);
      send(nat, "x", "s", 0);
      expect(send(nat, "t", "x", 10)).toBe(false);
      expect(nat.stats.filtered + nat.stats.noMapping).toBe(1);
    },
  );

  it("cones keep one external port for every destination; symmetric takes a new one per destination", () => {
    for (const [type, ports] of [
      ["port-restricted", 1],
      ["symmetric", 2],
    ] as const) {
      const nat = world(type);
      send(nat, "x", "s", 0);
      send(nat, "x", "t", 0);
      expect(nat.mappings("x", 0).length).toBe(ports);
    }
  });

  it("restricted (ADF) admits any port of an address it sent to; port-restricted (APDF) does not", () => {
    // y behind a symmetric NAT first talks to s, so its primary port is the one mapped to s;
    // x sends to that port (as a hole punch would), y then sends to x from a fresh port.
    for (const [type, expected] of [
      ["restricted", true],
      ["port-restricted", false],
    ] as const) {
      const nat = world(type, "symmetric");
      send(nat, "y", "s", 0);
      send(nat, "x", "s", 0);
      expect(send(nat, "x", "y", 5)).toBe(false); // y's NAT: that port is mapped to s only
      expect(send(nat, "y", "x", 6)).toBe(expected);
    }
  });

  it("symmetric to symmetric: a simultaneous open never gets through", () => {
    const nat = world("symmetric", "symmetric");
    send(nat, "x", "s", 0);
    send(nat, "y", "s", 0);
    expect(send(nat, "x", "y", 5)).toBe(false);
    expect(send(nat, "y", "x", 5)).toBe(false);
    expect(send(nat, "x", "y", 50)).toBe(false);
  });

  it("port-restricted to port-restricted: a simultaneous open gets through (both keep their ports)", () => {
    const nat = world("port-restricted", "port-restricted");
    send(nat, "x", "s", 0);
    send(nat, "y", "s", 0);
    expect(send(nat, "x", "y", 5)).toBe(false); // y has not sent to x yet
    expect(send(nat, "y", "x", 6)).toBe(true); // x's packet opened x's filter for y
    expect(send(nat, "x", "y", 7)).toBe(true);
  });

  it("mappings expire after the timeout without outbound traffic; inbound does not refresh them", () => {
    const nat = world("full-cone", undefined, 1000);
    send(nat, "x", "s", 0);
    expect(send(nat, "s", "x", 900)).toBe(true);
    expect(send(nat, "s", "x", 1500)).toBe(false);
    // A new mapping has a new port: the old one stays closed even after x sends again.
    send(nat, "x", "t", 1600);
    expect(nat.mappings("x", 1600).length).toBe(1);
  });

  it("outbound traffic refreshes a mapping", () => {
    const nat = world("port-restricted", undefined, 1000);
    send(nat, "x", "s", 0);
    send(nat, "x", "s", 800);
    expect(send(nat, "s", "x", 1500)).toBe(true);
  });

  it("hairpinning is off: two nodes behind the same device cannot reach each other", () => {
    const nat = new NatModel();
    nat.add("a", "cgn", behaviourOf("full-cone"));
    nat.add("b", "cgn", behaviourOf("full-cone"));
    send(nat, "a", "s", 0);
    send(nat, "b", "s", 0);
    expect(send(nat, "a", "b", 5)).toBe(false);
    expect(nat.stats.hairpin).toBe(1);
  });
});
