import { describe, expect, it } from "vitest";
import { NodeConfigError, parseNodeConfig } from "../../cli/node-config.js";

describe("node config", () => {
  it("accepts the scenario's protocol vocabulary and decodes durations", () => {
    const c = parseNodeConfig(
      [
        "name: alice",
        "listen: [/ip4/127.0.0.1/tcp/4001]",
        "bootstrap: [/ip4/127.0.0.1/tcp/4002/p2p/12D3KooWGQXbzrTUekK4VKNPyYKgJjRP7NudALawUuewEj6HTaGx]",
        "protocols:",
        "  discovery: { retryInterval: 2s, timeout: 1s }", // timeout < retryInterval, as the actor requires
        "  gossip: { fanout: 2, pullInterval: 1m30s }",
        "checkpoint: 500ms",
      ].join("\n"),
      "alice.yaml",
    );
    expect(c.protocols?.discovery?.retryInterval).toBe(2000);
    expect(c.protocols?.gossip?.pullInterval).toBe(90_000);
    expect(c.checkpoint).toBe(500);
  });

  it("names the file, the path, the line and what was expected for every problem", () => {
    const text = [
      "listen: [not-a-multiaddr]",
      "bootstrap: [/ip4/127.0.0.1/tcp/4002]",
      "protocols:",
      "  gossip: { fanout: -1, pullInterval: soon }",
      "  chat: {}",
      "statusPort: 70000",
    ].join("\n");
    let err: unknown;
    try {
      parseNodeConfig(text, "bad.yaml");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NodeConfigError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/^bad\.yaml: invalid node config/);
    expect(msg).toMatch(/bad\.yaml:1:\d+: listen\[0\]: expected a multiaddr/);
    expect(msg).toMatch(/bad\.yaml:2:\d+: bootstrap\[0\]: expected a multiaddr ending in \/p2p\/<peer id>/);
    expect(msg).toMatch(/bad\.yaml:4:\d+: protocols\.gossip\.fanout:/);
    expect(msg).toMatch(/protocols\.gossip\.pullInterval: expected a duration such as 500ms/);
    expect(msg).toMatch(/protocols\.chat: is not a known field/);
    expect(msg).toMatch(/statusPort:/);
  });
});
