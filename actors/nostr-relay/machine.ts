import { setup } from "xstate";
import type { ActorEnv, ActorInput } from "../../runtime/actor.js";
import type { NodeId } from "../../runtime/driver.js";
import type { NostrEvent } from "./event.js";
import type { NostrRelayInit } from "./params.js";
import { keyFromHex, PeerSync } from "./peer-sync.js";
import { RelayCore } from "./relay-core.js";
import { simPubkey, simSecretKeyHex } from "./sim-keys.js";
import { InboxClient } from "./client/inbox-client.js";
import type { RelayStore } from "./store.js";

/** What survives a restart: every stored event (the simulator's disk; production reloads its store). */
export interface NostrRelayPersisted {
  readonly events: readonly NostrEvent[];
}

/** Init plus the injected store (a component, not a parameter). */
export interface NostrRelayMachineInit {
  readonly params: NostrRelayInit;
  /** Peer relays, resolved to node ids (simulator) or ws:// URLs (production). */
  readonly peers: readonly NodeId[];
  /** The client role's relays, resolved. */
  readonly clientRelays: readonly NodeId[];
  readonly store: RelayStore;
}

/** The relay actor's context; the core is owned by this actor and updated in place (as gossip's store). */
export interface NostrRelayContext {
  readonly env: ActorEnv;
  readonly core: RelayCore;
  readonly peers: ReadonlyMap<NodeId, PeerSync>;
  readonly client: InboxClient | undefined;
}

/** Inputs: connection lifecycle and frames from clients (`c`), frames from peer relays (`r`), timers. */
export type NostrRelayEvent =
  | { type: "open"; from: NodeId }
  | { type: "close"; from: NodeId }
  | { type: "c"; from: NodeId; text: string }
  | { type: "r"; from: NodeId; text: string }
  | { type: "peer.up"; from: NodeId }
  | { type: "peer.down"; from: NodeId }
  | { type: "send"; to: NodeId }
  | { type: "tick.sweep" }
  | { type: "tick.sync" }
  | { type: "tick.reconnect" }
  | { type: "tick.retry" };

function createContext({
  env,
  init,
  restored,
}: ActorInput<NostrRelayMachineInit, NostrRelayPersisted>): NostrRelayContext {
  const { params } = init;
  const core = new RelayCore(params, {
    now: () => env.now(),
    rng: env.rng,
    store: init.store,
    send: (conn, text) => env.io.send(conn, { type: "r", text }),
    close: (conn) => env.io.send(conn, { type: "close" }),
    observe: (type, data) => env.io.observe(type, data),
  });
  core.ingest.load(restored?.events ?? []);
  // Without a configured key (the simulator), the key follows from the node id, so scenarios can list relays in teams.
  const keyHex = params.secretKey ?? simSecretKeyHex(env.self);
  const key = keyFromHex(keyHex);
  const peers = new Map<NodeId, PeerSync>();
  for (const peer of init.peers) {
    peers.set(
      peer,
      new PeerSync(peer, core, key, {
        sendText: (to, text) => env.io.send(to, { type: "c", text }),
        open: (to) => env.io.send(to, { type: "open" }),
        observe: (type, data) => env.io.observe(type, data),
        now: () => env.now(),
        rng: env.rng,
      }),
    );
  }
  const client = params.client
    ? new InboxClient(env, params.client, new Set(init.clientRelays), key, params.signatures)
    : undefined;
  return { env, core, peers, client };
}

/**
 * The `nostr-relay` machine: one state, every input handed to the RelayCore (relay side)
 * or to the PeerSync of the peer it came from (client side of NIP-77 sync).
 */
export const nostrRelayMachine = setup({
  types: {
    context: {} as NostrRelayContext,
    events: {} as NostrRelayEvent,
    input: {} as ActorInput<NostrRelayMachineInit, NostrRelayPersisted>,
  },
  actions: {
    start: ({ context: ctx }) => {
      ctx.env.io.setTimer("sweep", ctx.core.cfg.sweepInterval, { type: "tick.sweep" });
      // The first sync round soon after start (the "on reconnect" case for a restarted relay).
      if (ctx.peers.size > 0) ctx.env.io.setTimer("sync", 1000, { type: "tick.sync" });
      if (ctx.client) {
        ctx.client.connect();
        ctx.env.io.setTimer("reconnect", ctx.client.reconnect, { type: "tick.reconnect" });
        ctx.env.io.setTimer("retry", 2000, { type: "tick.retry" });
      }
    },
    handle: ({ context: ctx, event }) => {
      switch (event.type) {
        case "open":
          return ctx.core.cfg.serve ? ctx.core.open(event.from) : undefined;
        case "close":
          return ctx.core.close(event.from);
        case "c":
          if (ctx.core.cfg.serve && typeof event.text === "string") ctx.core.message(event.from, event.text);
          return;
        case "r":
          if (typeof event.text !== "string") return;
          if (ctx.peers.has(event.from)) ctx.peers.get(event.from)!.message(event.text);
          else if (ctx.client?.relays.has(event.from)) ctx.client.message(event.from, event.text);
          return;
        case "send":
          // A command: the simulator's workload (or a test) asks the node to message another.
          if (ctx.client && typeof event.to === "string") ctx.client.send(simPubkey(event.to), event.to);
          return;
        case "tick.retry": {
          const next = ctx.client?.retry();
          if (next !== undefined) ctx.env.io.setTimer("retry", next, { type: "tick.retry" });
          return;
        }
        case "tick.reconnect":
          ctx.client?.connect();
          ctx.env.io.setTimer("retry", 2000, { type: "tick.retry" });
          return ctx.env.io.setTimer("reconnect", ctx.client?.reconnect ?? 60_000, { type: "tick.reconnect" });
        case "peer.up": {
          const p = ctx.peers.get(event.from);
          p?.reset();
          p?.start();
          return;
        }
        case "peer.down":
          return ctx.peers.get(event.from)?.reset();
        case "tick.sweep":
          ctx.core.sweep();
          return ctx.env.io.setTimer("sweep", ctx.core.cfg.sweepInterval, { type: "tick.sweep" });
        case "tick.sync":
          for (const p of ctx.peers.values()) p.start();
          return ctx.env.io.setTimer("sync", ctx.core.cfg.syncInterval, { type: "tick.sync" });
      }
    },
  },
}).createMachine({
  context: ({ input }) => createContext(input),
  entry: "start",
  on: { "*": { actions: "handle" } },
});
