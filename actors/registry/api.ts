import { type Outcome, error, nodeChange, reply } from "./changes.js";
import type { RegistryInit } from "./config.js";
import type { RegistryRequest } from "./messages.js";
import { NODE_STATUSES, type NodeRecord, type NodeStatus, type RegistryState, viewOf } from "./records.js";
import { decisionMessage, heartbeatMessage, registerMessage, sovereignAddMessage, verifyHex } from "./signing.js";
import * as v from "./validate.js";

/**
 * The registry's HTTP API as a pure function of the state, the request and the time: it
 * mutates `state` and says what changed. The actor calls it in the simulator; the
 * production service runs the same actor behind HTTP.
 */
export function serve(state: RegistryState, req: RegistryRequest, now: number, cfg: RegistryInit): Outcome {
  try {
    return route(state, req, now, cfg);
  } catch (e) {
    if (e instanceof v.BadRequest) return error(400, e.message);
    throw e;
  }
}

/** A path segment decoded; a malformed escape is the client's mistake (400), never a crash. */
function segment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new v.BadRequest(`path: malformed escape in '${raw}'`);
  }
}

function route(state: RegistryState, req: RegistryRequest, now: number, cfg: RegistryInit): Outcome {
  const parts = req.path
    .split("/")
    .filter((p) => p !== "")
    .map(segment);
  const [head, arg] = parts;
  const post = req.method === "POST";
  if (post && parts.length === 1 && head === "register") return register(state, v.objectBody(req.body), now, cfg);
  if (post && parts.length === 1 && head === "heartbeat") return heartbeat(state, v.objectBody(req.body), now, cfg);
  if (post && parts.length === 2 && (head === "approve" || head === "deny"))
    return decide(state, head, v.nodeId(arg, "path nodeId"), v.objectBody(req.body), now, cfg);
  if (post && parts.length === 2 && head === "sovereign" && arg === "add")
    return sovereignAdd(state, v.objectBody(req.body), now, cfg);
  if (!post && parts.length === 1 && head === "nodes") return list(state, req.query?.status);
  if (!post && parts.length === 2 && head === "nodes") {
    const node = state.nodes.get(arg!);
    return node ? reply(200, viewOf(node)) : error(404, `unknown node ${arg}`);
  }
  if (!post && parts.length === 1 && head === "topology") return topology(state, now);
  if (!post && parts.length === 1 && head === "sovereigns")
    return reply(200, {
      sovereigns: [...state.sovereigns.values()].map(({ publicKey, description }) => ({ publicKey, description })),
    });
  return error(404, `no route ${req.method} ${req.path}`);
}

function register(state: RegistryState, b: Record<string, unknown>, now: number, cfg: RegistryInit): Outcome {
  const nodeId = v.nodeId(b.nodeId);
  const publicKey = v.hexKey(b.publicKey, "publicKey");
  const hostname = v.text(b.tailscaleHostname, "tailscaleHostname", 253);
  const ip = v.text(b.tailscaleIP, "tailscaleIP", 64, true);
  const services = v.services(b.services, cfg.maxServices);
  const signature = v.hexSignature(b.signature);
  const message = registerMessage(nodeId, publicKey, hostname);
  const old = state.nodes.get(nodeId);
  if (old && old.publicKey !== publicKey) {
    // Re-registration under a new key is a key rotation: only the old key may sign it.
    if (verifyHex(cfg.signatures, old.publicKey, message, signature)) {
      old.publicKey = publicKey;
    } else if (verifyHex(cfg.signatures, publicKey, message, signature)) {
      return error(409, `nodeId ${nodeId} is registered with another key; re-registration must be signed by that key`);
    } else return error(401, "signature does not verify");
  } else if (!verifyHex(cfg.signatures, publicKey, message, signature)) return error(401, "signature does not verify");
  const node: NodeRecord = old ?? {
    id: nodeId,
    publicKey,
    hostname,
    ip,
    status: "pending",
    services,
    registeredAt: now,
    lastSeen: undefined,
    lastTimestamp: undefined,
  };
  node.hostname = hostname;
  node.ip = ip;
  node.services = services;
  if (!old) state.nodes.set(nodeId, node);
  const message2 =
    node.status === "pending"
      ? "Registration successful. Awaiting sovereign approval."
      : `Registration updated; status ${node.status}.`;
  return {
    status: 200,
    body: { success: true, nodeId, status: node.status, message: message2 },
    changes: [nodeChange(node)],
    events: old ? [] : [{ kind: "registered", nodeId, publicKey, at: now }],
  };
}

function heartbeat(state: RegistryState, b: Record<string, unknown>, now: number, cfg: RegistryInit): Outcome {
  const nodeId = v.nodeId(b.nodeId);
  const timestamp = v.timestamp(b.timestamp);
  const ip = b.tailscaleIP === undefined ? undefined : v.text(b.tailscaleIP, "tailscaleIP", 64);
  const signature = v.hexSignature(b.signature);
  const node = state.nodes.get(nodeId);
  if (!node) return error(404, `unknown node ${nodeId}`);
  if (!verifyHex(cfg.signatures, node.publicKey, heartbeatMessage(nodeId, timestamp), signature))
    return error(401, "signature does not verify");
  // A captured heartbeat must not keep a dead node alive: fresh, and newer than the last one.
  if (Math.abs(timestamp - now) > cfg.maxClockSkew)
    return error(401, `stale heartbeat: timestamp is ${timestamp - now} ms from the registry's clock`);
  if (node.lastTimestamp !== undefined && timestamp <= node.lastTimestamp)
    return error(401, "replayed heartbeat: timestamp not newer than the last accepted one");
  if (node.status === "denied") return error(403, `node ${nodeId} is denied`);
  node.lastSeen = now;
  node.lastTimestamp = timestamp;
  if (ip !== undefined) node.ip = ip;
  const back = node.status === "offline";
  if (back) node.status = "active";
  return {
    status: 200,
    body: { success: true, nodeId, status: node.status },
    changes: [{ kind: "heartbeat", nodeId, at: now, timestamp, ip: node.ip }, nodeChange(node)],
    events: back ? [{ kind: "online", nodeId, at: now }] : [],
  };
}

function decide(
  state: RegistryState,
  decision: "approve" | "deny",
  nodeId: string,
  b: Record<string, unknown>,
  now: number,
  cfg: RegistryInit,
): Outcome {
  const approver = v.hexKey(b.approverPublicKey, "approverPublicKey");
  const signature = v.hexSignature(b.signature);
  if (!verifyHex(cfg.signatures, approver, decisionMessage(decision, nodeId), signature))
    return error(401, "signature does not verify");
  if (!state.sovereigns.has(approver)) return error(403, "approverPublicKey is not a sovereign key");
  const node = state.nodes.get(nodeId);
  if (!node) return error(404, `unknown node ${nodeId}`);
  const target: NodeStatus = decision === "approve" ? "active" : "denied";
  const done = node.status === target || (decision === "approve" && node.status === "offline");
  // A replayed decision repeats itself and changes nothing; it never reverses a deny.
  if (done) return reply(200, { success: true, nodeId, status: node.status });
  if (decision === "approve" && node.status === "denied") return error(409, `node ${nodeId} was denied`);
  node.status = target;
  // Approval starts the heartbeat clock: a node approved long after its last heartbeat gets a full window.
  if (target === "active") node.lastSeen = Math.max(node.lastSeen ?? now, now);
  return {
    status: 200,
    body: { success: true, nodeId, status: node.status },
    changes: [nodeChange(node)],
    events: [{ kind: decision === "approve" ? "approved" : "denied", nodeId, at: now }],
  };
}

function sovereignAdd(state: RegistryState, b: Record<string, unknown>, now: number, cfg: RegistryInit): Outcome {
  const publicKey = v.hexKey(b.publicKey, "publicKey");
  const description = v.text(b.description, "description", 256, true);
  let addedBy = "first-request";
  if (state.sovereigns.size > 0) {
    if (b.approverPublicKey === undefined || b.signature === undefined)
      return error(403, "a sovereign key exists: adding another needs approverPublicKey and signature");
    const approver = v.hexKey(b.approverPublicKey, "approverPublicKey");
    const signature = v.hexSignature(b.signature);
    if (!verifyHex(cfg.signatures, approver, sovereignAddMessage(publicKey), signature))
      return error(401, "signature does not verify");
    if (!state.sovereigns.has(approver)) return error(403, "approverPublicKey is not a sovereign key");
    addedBy = approver;
  }
  if (state.sovereigns.has(publicKey)) return reply(200, { success: true, publicKey });
  const key = { publicKey, description, addedAt: now, addedBy };
  state.sovereigns.set(publicKey, key);
  return {
    status: 200,
    body: { success: true, publicKey },
    changes: [{ kind: "sovereign", key }],
    events: [{ kind: "sovereign-added", publicKey, at: now }],
  };
}

function list(state: RegistryState, status: string | undefined): Outcome {
  if (status !== undefined && !NODE_STATUSES.includes(status as NodeStatus))
    return error(400, `status: expected one of ${NODE_STATUSES.join(", ")}`);
  const nodes = [...state.nodes.values()].filter((n) => status === undefined || n.status === status).map(viewOf);
  return reply(200, { nodes });
}

function topology(state: RegistryState, now: number): Outcome {
  const nodes = [...state.nodes.values()].map((n) => ({
    ...viewOf(n),
    last_heartbeat_age_ms: n.lastSeen === undefined ? null : now - n.lastSeen,
  }));
  const counts = Object.fromEntries(NODE_STATUSES.map((s) => [s, nodes.filter((n) => n.status === s).length]));
  return reply(200, { nodes, counts, sovereigns: state.sovereigns.size });
}

/** Marks active nodes silent for longer than `offlineAfter` as offline. */
export function sweep(state: RegistryState, now: number, cfg: RegistryInit): Outcome {
  const out: Outcome = { status: 200, body: null, changes: [], events: [] };
  for (const n of state.nodes.values()) {
    if (n.status !== "active" || now - (n.lastSeen ?? n.registeredAt) <= cfg.offlineAfter) continue;
    n.status = "offline";
    out.changes.push(nodeChange(n));
    out.events.push({ kind: "offline", nodeId: n.id, at: now });
  }
  return out;
}
