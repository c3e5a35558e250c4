import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Relay, useWebSocketImplementation } from "nostr-tools/relay";
import { finalizeEvent, generateSecretKey } from "nostr-tools/pure";
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { parseNodeConfig } from "../../../cli/node-config.js";
import { startNode } from "../../../cli/node-runtime.js";

useWebSocketImplementation(WebSocket);

describe("`relay:` in a node config", () => {
  const dir = mkdtempSync(join(tmpdir(), "node-relay-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("given relay: {port: 0}, then the node serves a relay whose events survive a restart of the node", async () => {
    const config = parseNodeConfig("name: embedded\nrelay: { port: 0, name: team relay }\n", "node.yaml");
    let node = await startNode(config, { dataDir: dir });
    const ev = finalizeEvent(
      { kind: 1, created_at: Math.floor(Date.now() / 1000), tags: [], content: "kept" },
      generateSecretKey(),
    );
    try {
      expect(node.relayUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
      const relay = await Relay.connect(node.relayUrl!);
      await expect(relay.publish(ev)).resolves.toBe("");
      relay.close();
    } finally {
      await node.stop();
    }
    node = await startNode(config, { dataDir: dir });
    try {
      const relay = await Relay.connect(node.relayUrl!);
      expect(await relay.count([{ ids: [ev.id] }], {})).toBe(1);
      relay.close();
    } finally {
      await node.stop();
    }
  });

  it("given a bad relay block, then the config error names the field", () => {
    expect(() => parseNodeConfig("relay: { port: 70000 }\n", "node.yaml")).toThrow(/relay\.port/);
  });
});
