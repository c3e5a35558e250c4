import { setup } from "xstate";
import type { ActorEnv, ActorInput } from "../../runtime/actor.js";
import type { NodeId } from "../../runtime/driver.js";
import type { RegistryReply } from "../registry/messages.js";
import { signerForLabel, type Signer } from "../registry/signing.js";
import type { RegistrantInit } from "./config.js";
import { activeNodesRequest, heartbeatRequest, ownRecordRequest, registerRequest } from "./requests.js";

/** Where a node stands with the registry, as far as it knows. */
export type RegistrantStatus = "registering" | "pending" | "active" | "denied" | "failed";

type Purpose = "register" | "heartbeat" | "own" | "active";

/** The registrant's context, updated in place by its actions. */
export interface RegistrantContext {
  readonly env: ActorEnv;
  readonly cfg: RegistrantInit;
  readonly signer: Signer;
  readonly registry: NodeId;
  status: RegistrantStatus;
  nextRid: number;
  /** Requests awaiting a reply; a reply with another rid is ignored. */
  readonly pending: Map<number, Purpose>;
  /** Timestamp of the last heartbeat sent: the next is strictly newer even if the clock stalls. */
  lastTimestamp: number;
  /** Active peers from the last listing. */
  peers: NodeId[];
  /** True while the heartbeat timer runs (from the first registration reply until denied). */
  heartbeating: boolean;
}

type Event =
  | (RegistryReply & { readonly from: NodeId })
  | { readonly type: "tick.register" | "tick.heartbeat" | "tick.poll" | "tick.discover" };

const tick = (what: "register" | "heartbeat" | "poll" | "discover") => ({ type: `tick.${what}` }) as const;

function createContext({ env, init }: ActorInput<RegistrantInit, undefined>): RegistrantContext {
  return {
    env,
    cfg: init,
    signer: init.signer ?? signerForLabel(init.signatures, env.self),
    registry: init.registry,
    status: "registering",
    nextRid: 1,
    pending: new Map(),
    lastTimestamp: 0,
    peers: [],
    heartbeating: false,
  };
}

function request(ctx: RegistrantContext, purpose: Purpose, req: ReturnType<typeof activeNodesRequest>): void {
  const rid = ctx.nextRid++;
  ctx.pending.set(rid, purpose);
  // Lost requests leave entries behind; the oldest go first.
  if (ctx.pending.size > 64) ctx.pending.delete(ctx.pending.keys().next().value!);
  ctx.env.io.send(ctx.registry, { type: "request", rid, ...req });
}

/** The status a reply tells about this node, if any. */
function statusIn(purpose: Purpose, r: RegistryReply): RegistrantStatus | undefined {
  const s = (r.body as { status?: unknown } | null)?.status;
  if (r.status === 200 && (s === "pending" || s === "denied")) return s;
  if (r.status === 200 && (s === "active" || s === "offline")) return "active";
  if (purpose === "heartbeat" && r.status === 403) return "denied";
  // The registry forgot us (a fresh database): register again.
  if ((purpose === "heartbeat" || purpose === "own") && r.status === 404) return "registering";
  if (purpose === "register" && r.status >= 400 && r.status < 500) return "failed";
  return undefined;
}

const is = (s: RegistrantStatus) => ({
  guard: ({ context }: { context: RegistrantContext }) => context.status === s,
  target: s,
});
const moves = [is("registering"), is("pending"), is("active"), is("denied"), is("failed")];

/**
 * A node's side of the registry: registers with a signed request (retried until the
 * registry answers), heartbeats every `heartbeatInterval` from then on, polls its own record
 * while pending, and once active reads the active nodes every `discoverInterval` and hands
 * them to discovery as the `registry` bootstrap method. A denied node stops talking.
 */
export const registrantMachine = setup({
  types: { context: {} as RegistrantContext, events: {} as Event, input: {} as ActorInput<RegistrantInit, undefined> },
  actions: {
    register: ({ context: ctx }) => {
      request(ctx, "register", registerRequest(ctx.cfg, ctx.env.self, ctx.signer));
      ctx.env.io.setTimer("register", ctx.cfg.retryInterval, tick("register"));
    },
    heartbeat: ({ context: ctx }) => {
      const timestamp = Math.max(Math.floor(ctx.env.now()), ctx.lastTimestamp + 1);
      ctx.lastTimestamp = timestamp;
      request(ctx, "heartbeat", heartbeatRequest(ctx.cfg, ctx.env.self, ctx.signer, timestamp));
      ctx.env.io.setTimer("heartbeat", ctx.cfg.heartbeatInterval, tick("heartbeat"));
    },
    poll: ({ context: ctx }) => {
      request(ctx, "own", ownRecordRequest(ctx.env.self));
      ctx.env.io.setTimer("poll", ctx.cfg.pollInterval, tick("poll"));
    },
    discover: ({ context: ctx }) => {
      request(ctx, "active", activeNodesRequest());
      ctx.env.io.setTimer("discover", ctx.cfg.discoverInterval, tick("discover"));
    },
    reply: ({ context: ctx, event }) => {
      const r = event as RegistryReply & { from: NodeId };
      const purpose = ctx.pending.get(r.rid);
      if (purpose === undefined || r.from !== ctx.registry) return;
      ctx.pending.delete(r.rid);
      if (r.status >= 400) ctx.env.io.observe("error", { purpose, status: r.status, body: r.body });
      if (purpose === "active" && r.status === 200) handOn(ctx, r.body);
      const next = statusIn(purpose, r);
      if (next !== undefined) ctx.status = next;
    },
    enter: ({ context: ctx }) => {
      ctx.env.io.observe("status", { status: ctx.status });
    },
    startHeartbeats: ({ context: ctx }) => {
      if (ctx.heartbeating) return;
      ctx.heartbeating = true;
      ctx.env.io.setTimer("heartbeat", ctx.cfg.heartbeatInterval, tick("heartbeat"));
    },
    stopTimers: ({ context: ctx }) => {
      ctx.heartbeating = false;
      for (const k of ["register", "heartbeat", "poll", "discover"]) ctx.env.io.cancelTimer(k);
    },
  },
}).createMachine({
  id: "registrant",
  context: ({ input }) => createContext(input),
  initial: "registering",
  on: { "tick.heartbeat": { actions: "heartbeat" } },
  states: {
    registering: {
      entry: [
        "enter",
        ({ context: ctx }) =>
          ctx.env.io.setTimer("register", ctx.cfg.jitter > 0 ? ctx.env.rng.int(ctx.cfg.jitter) : 0, tick("register")),
      ],
      on: { "tick.register": { actions: "register" }, reply: { actions: "reply" } },
      always: moves.filter((m) => m.target !== "registering"),
    },
    pending: {
      entry: [
        "enter",
        ({ context: ctx }) => ctx.env.io.cancelTimer("register"),
        "startHeartbeats",
        ({ context: ctx }) => ctx.env.io.setTimer("poll", ctx.cfg.pollInterval, tick("poll")),
      ],
      on: { "tick.poll": { actions: "poll" }, reply: { actions: "reply" } },
      always: moves.filter((m) => m.target !== "pending"),
    },
    active: {
      entry: [
        "enter",
        ({ context: ctx }) => ctx.env.io.cancelTimer("register"),
        ({ context: ctx }) => ctx.env.io.cancelTimer("poll"),
        "startHeartbeats",
        "discover",
      ],
      on: { "tick.discover": { actions: "discover" }, reply: { actions: "reply" } },
      always: moves.filter((m) => m.target !== "active"),
    },
    denied: { entry: ["enter", "stopTimers"] },
    failed: { entry: ["enter", "stopTimers"] },
  },
});

/** Hands the active peers to the sibling actors (discovery): the `registry` bootstrap method. */
function handOn(ctx: RegistrantContext, body: unknown): void {
  const nodes = (body as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return;
  const peers = nodes
    .map((n) => (n as { id?: unknown }).id)
    .filter((id): id is string => typeof id === "string" && id !== ctx.env.self);
  ctx.peers = peers;
  ctx.env.io.observe("peers", { count: peers.length });
  if (ctx.status !== "active" || peers.length === 0) return;
  for (const actor of ctx.cfg.notify) ctx.env.io.tell(actor, { type: "bootstrap.peers", method: "registry", peers });
}
