import { describe, expect, it } from "vitest";
import { parseNodeConfig } from "../../../cli/node-config.js";

describe("notify: in a node config", () => {
  it("the top-level block is a relay's parameters plus the API's port and body limit", () => {
    const c = parseNodeConfig("protocols: { kademlia: {} }\nnotify: { apiPort: 0, bodyLimit: 4096, perRecipient: 10, antiEntropyInterval: 2h }\n", "n.yaml"); // prettier-ignore
    expect(c.notify).toMatchObject({ apiPort: 0, bodyLimit: 4096, perRecipient: 10, antiEntropyInterval: 7_200_000 });
  });

  it("names the field and the line of a bad value", () => {
    expect(() => parseNodeConfig("notify:\n  sweepInterval: 0s\n", "n.yaml")).toThrow(/n\.yaml:2:\d+: notify\.sweepInterval: expected a duration .*above 0/); // prettier-ignore
    expect(() => parseNodeConfig("notify: { identity: ab }\n", "n.yaml")).toThrow(/notify/);
  });

  it("refuses notify under protocols:, where the signing key would come from the public peer id", () => {
    expect(() => parseNodeConfig("protocols:\n  kademlia: {}\n  notify: {}\n", "n.yaml")).toThrow(/n\.yaml:3:\d+: protocols\.notify: put the relay's parameters in the top-level notify: block/); // prettier-ignore
  });
});
