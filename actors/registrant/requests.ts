import type { RegistryRequest } from "../registry/messages.js";
import { heartbeatMessage, registerMessage, type Signer } from "../registry/signing.js";
import type { RegistrantInit } from "./config.js";

type Req = Omit<RegistryRequest, "type" | "rid">;

/** `POST /register`, signed as the seed's clients sign it. */
export function registerRequest(cfg: RegistrantInit, self: string, signer: Signer): Req {
  const hostname = cfg.hostname ?? self;
  return {
    method: "POST",
    path: "/register",
    body: {
      nodeId: self,
      publicKey: signer.publicKey,
      tailscaleHostname: hostname,
      tailscaleIP: cfg.ip,
      services: cfg.services,
      signature: signer.sign(registerMessage(self, signer.publicKey, hostname)),
    },
  };
}

/** `POST /heartbeat` with the timestamp its signature covers. */
export function heartbeatRequest(cfg: RegistrantInit, self: string, signer: Signer, timestamp: number): Req {
  return {
    method: "POST",
    path: "/heartbeat",
    body: { nodeId: self, tailscaleIP: cfg.ip, timestamp, signature: signer.sign(heartbeatMessage(self, timestamp)) },
  };
}

export const ownRecordRequest = (self: string): Req => ({ method: "GET", path: `/nodes/${encodeURIComponent(self)}` });
export const activeNodesRequest = (): Req => ({ method: "GET", path: "/nodes", query: { status: "active" } });
