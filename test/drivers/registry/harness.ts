import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebSocket } from "ws";
import {
  decisionMessage,
  heartbeatMessage,
  registerMessage,
  signerFromSeed,
  sovereignAddMessage,
  type Signer,
} from "../../../actors/registry/index.js";

/** A fresh real Ed25519 key. */
export const newKey = (): Signer => signerFromSeed("ed25519", new Uint8Array(randomBytes(32)));

/** A scratch folder for a database. */
export const scratch = (): string => mkdtempSync(join(tmpdir(), "meshtwin-registry-"));

/** A tiny client of the registry's HTTP API, signing as the seed's clients do. */
export class Client {
  constructor(readonly url: string) {}

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the JSON freely
  async call(method: "GET" | "POST", path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(this.url + path, {
      method,
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      headers: { "content-type": "application/json" },
    });
    return { status: res.status, body: await res.json() };
  }

  registerBody(nodeId: string, key: Signer, extra: Record<string, unknown> = {}, signer: Signer = key) {
    const hostname = (extra.tailscaleHostname as string | undefined) ?? `${nodeId}.tail`;
    return {
      nodeId,
      publicKey: key.publicKey,
      tailscaleHostname: hostname,
      tailscaleIP: "100.64.0.1",
      services: [{ type: "validator", port: 9000, publicKey: key.publicKey }],
      signature: signer.sign(registerMessage(nodeId, key.publicKey, hostname)),
      ...extra,
    };
  }

  register = (nodeId: string, key: Signer) => this.call("POST", "/register", this.registerBody(nodeId, key));

  decide = (
    decision: "approve" | "deny",
    nodeId: string,
    sovereign: Signer,
    message = decisionMessage(decision, nodeId),
  ) =>
    this.call("POST", `/${decision}/${nodeId}`, {
      approverPublicKey: sovereign.publicKey,
      signature: sovereign.sign(message),
    });

  heartbeat = (nodeId: string, key: Signer, timestamp = Date.now()) =>
    this.call("POST", "/heartbeat", {
      nodeId,
      tailscaleIP: "100.64.0.1",
      timestamp,
      signature: key.sign(heartbeatMessage(nodeId, timestamp)),
    });

  addSovereign = (publicKey: string, approver?: Signer) =>
    this.call("POST", "/sovereign/add", {
      publicKey,
      description: "test",
      ...(approver
        ? { approverPublicKey: approver.publicKey, signature: approver.sign(sovereignAddMessage(publicKey)) }
        : {}),
    });

  /** Opens `/events` and collects what it streams. */
  async events(): Promise<{ seen: { kind: string; nodeId?: string }[]; close(): void }> {
    const ws = new WebSocket(this.url.replace("http", "ws") + "/events");
    const seen: { kind: string; nodeId?: string }[] = [];
    ws.on("message", (m) => seen.push(JSON.parse(String(m))));
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    return { seen, close: () => ws.close() };
  }
}

/** Polls `check` until it returns true or `ms` pass. */
export async function until(check: () => boolean | Promise<boolean>, ms = 10_000, what = "condition"): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
