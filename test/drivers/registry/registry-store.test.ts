import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { NodeRecord } from "../../../actors/registry/index.js";
import { RegistryStore } from "../../../drivers/registry/index.js";
import { scratch } from "./harness.js";

const node = (id: string, over: Partial<NodeRecord> = {}): NodeRecord => ({
  id,
  publicKey: "ab".repeat(32),
  hostname: `${id}.tail`,
  ip: "100.64.0.1",
  status: "pending",
  services: [{ type: "validator", port: 9000, publicKey: "" }],
  registeredAt: 1,
  lastSeen: undefined,
  lastTimestamp: undefined,
  ...over,
});

describe("RegistryStore", () => {
  it("reloads exactly what was applied, in registration order, across a reopen", () => {
    const path = join(scratch(), "mesh.db");
    const a = new RegistryStore(path);
    a.apply([
      { kind: "node", node: node("b") },
      { kind: "node", node: node("a") },
      {
        kind: "sovereign",
        key: { publicKey: "cd".repeat(32), description: "genesis", addedAt: 5, addedBy: "genesis" },
      },
    ]);
    a.apply([
      { kind: "heartbeat", nodeId: "b", at: 10, timestamp: 9, ip: "100.64.0.2" },
      {
        kind: "node",
        node: node("b", { status: "active", lastSeen: 10, lastTimestamp: 9, ip: "100.64.0.2", services: [] }),
      },
    ]);
    a.close();
    const b = new RegistryStore(path);
    const snap = b.load();
    expect(snap.nodes.map((n) => n.id)).toEqual(["b", "a"]);
    expect(snap.nodes[0]).toEqual(
      node("b", { status: "active", lastSeen: 10, lastTimestamp: 9, ip: "100.64.0.2", services: [] }),
    );
    expect(snap.nodes[1]).toEqual(node("a"));
    expect(snap.sovereigns).toEqual([
      { publicKey: "cd".repeat(32), description: "genesis", addedAt: 5, addedBy: "genesis" },
    ]);
    expect(b.heartbeatCount()).toBe(1);
    b.close();
  });

  it("prunes heartbeats older than the retention", () => {
    const s = new RegistryStore(join(scratch(), "mesh.db"));
    s.apply([{ kind: "node", node: node("n") }]);
    s.apply([100, 200, 300, 400].map((at) => ({ kind: "heartbeat" as const, nodeId: "n", at, timestamp: at, ip: "" })));
    expect(s.prune(250)).toBe(2);
    expect(s.heartbeatCount()).toBe(2);
    s.close();
  });
});
