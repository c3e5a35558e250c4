import { describe, expect, it } from "vitest";
import { parseNodeConfig } from "../../../cli/node-config.js";

describe("registry: in a node config", () => {
  it("accepts a URL and durations", () => {
    const c = parseNodeConfig("registry: { url: http://127.0.0.1:8190, heartbeatInterval: 2m }\n", "n.yaml");
    expect(c.registry).toEqual({ url: "http://127.0.0.1:8190", heartbeatInterval: 120_000 });
  });

  it("names the file, line and field of a bad value", () => {
    expect(() => parseNodeConfig("name: x\nregistry: { url: ftp://x }\n", "n.yaml")).toThrow(
      /n\.yaml:2:\d+: registry\.url: expected an http\(s\) URL/,
    );
    expect(() => parseNodeConfig("registry: { url: http://x, heartbeatInterval: 0s }\n", "n.yaml")).toThrow(
      /registry\.heartbeatInterval: expected a duration .*above 0, got "0s"/,
    );
  });
});
