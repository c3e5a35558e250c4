import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import * as Cause from "effect/Cause";
import * as Effect from "effect/Effect";
import * as Schema from "effect/Schema";
import * as Exit from "effect/Exit";
import * as Scope from "effect/Scope";
import { byKey } from "../actors/protocols-schema.js";
import { defaultProtocols, protocolModules } from "../actors/registry.js";
import {
  createLibp2pDriver,
  loadOrCreateIdentity,
  type Libp2pDriver,
  type ProtocolSpec,
} from "../drivers/libp2p/index.js";
import type { ActorDefinition, ActorEvent } from "../runtime/actor.js";
import type { ProtocolModule } from "../runtime/protocol.js";
import { NodeHost } from "../runtime/actor-host.js";
import type { Clock } from "../runtime/clock.js";
import type { NodeId } from "../runtime/driver.js";
import { createRng } from "../runtime/rng.js";
import { openNodeStore, peersBySeen, type NodeStore } from "../drivers/store/index.js";
import { wallClock } from "../runtime/wall-clock.js";
import { registryHook } from "../drivers/registry/node-hook.js";
import { startNodeRelay } from "../drivers/nostr/node-hook.js";
import { notifyDefinition, serveRelayApi } from "../drivers/notify/node-hook.js";
import type { NodeConfig } from "./node-config.js";
import type { NodeStartRecord } from "./node-start-record.js";

export type { NodeStartRecord } from "./node-start-record.js";
import { nodeStatus, serveStatus, writeStatusFile, type NodeStatus } from "./node-status.js";

/** Where a node keeps its state, and overrides for tests. */
export interface StartNodeOptions {
  readonly dataDir: string;
}

/** A running production node. */
export interface NodeHandle {
  readonly id: NodeId;
  readonly addresses: readonly string[];
  /** `http://127.0.0.1:<port>` of the status endpoint. */
  readonly statusUrl: string;
  /** `ws://127.0.0.1:<port>` of the embedded Nostr relay, when the config has `relay:`. */
  readonly relayUrl?: string;
  readonly host: NodeHost;
  readonly driver: Libp2pDriver;
  readonly store: NodeStore;
  status(): NodeStatus;
  /** Sends a command to an actor; resolves once the command and its effects are durable. */
  command(actor: string, event: ActorEvent): Promise<void>;
  /** Releases everything in reverse order (host, driver, store). Idempotent. */
  stop(): Promise<void>;
}

/** The peer id at the end of a `/p2p/` multiaddr. */
export const peerOf = (addr: string): NodeId => addr.slice(addr.lastIndexOf("/p2p/") + 5);

const modules = byKey(protocolModules);

/** Builds actor definitions from decoded protocol parameters through the protocol registry (one vocabulary). */
export function buildDefinitions(
  record: Pick<NodeStartRecord, "id" | "name" | "role" | "protocols">,
): { def: ActorDefinition; module: ProtocolModule }[] {
  const ctx = {
    id: record.id,
    group: record.name,
    role: record.role,
    resolve: (s: string) => [s.startsWith("/") ? peerOf(s) : s],
  };
  return Object.entries(record.protocols).map(([key, params]) => {
    const module = modules.get(key);
    if (!module) throw new Error(`no protocol '${key}' is registered`);
    // Decoded again: a start record written by an older version may lack newer defaults.
    return { def: module.create(Schema.decodeUnknownSync(module.params)(params ?? {}), ctx), module };
  });
}

const promise = <T>(f: () => Promise<T>) => Effect.promise(f);

/**
 * How an actor travels over libp2p: as its module's wire description says (kademlia speaks
 * kad-dht itself, so stock @libp2p/kad-dht nodes and meshtwin nodes form one DHT); by
 * default `/meshtwin/<actor>/<version>` with JSON frames.
 */
export function wireProtocol(
  def: ActorDefinition,
  module: ProtocolModule,
  config: Pick<NodeConfig, "kadPrefix">,
): ProtocolSpec {
  const wire = module.wire;
  if (!wire) return { name: def.name, version: def.version };
  return {
    name: def.name,
    version: def.version,
    ...(wire.protocolId ? { id: wire.protocolId({ kadPrefix: config.kadPrefix }) } : {}),
    ...(wire.exchange ? { exchange: wire.exchange } : {}),
    serve: wire.serves?.(def) ?? true,
  };
}

/**
 * Numbers every timer the host sets (1, 2, … per run) and logs `node.timer {k}` just before
 * timer k fires. A replay sets the same timers in the same order, so the marker tells it
 * exactly which one to fire: wall-clock timers fire late and in any interleaving with the
 * network, and only the recording knows how.
 */
export function markedClock(inner: Clock, mark: (k: number) => void): Clock & { halt(): void } {
  let k = 0;
  let halted = false;
  let frozen: number | undefined;
  return {
    // Time stands still within one synchronous turn, as under the replay clock: an input is
    // logged with the same `now()` its actor then reads (a step crossing a millisecond
    // boundary would otherwise replay with a different duration in its observations).
    now: () => {
      if (frozen === undefined) {
        frozen = inner.now();
        queueMicrotask(() => (frozen = undefined));
      }
      return frozen;
    },
    setTimer(ms, fire) {
      const id = ++k;
      return inner.setTimer(ms, () => {
        // A sibling `tell` still pending when the host stopped must not reach the closed log.
        if (halted) return;
        mark(id);
        fire();
      });
    },
    cancel: (h) => inner.cancel(h),
    /** Nothing fires any more (the host stopped). */
    halt: () => {
      halted = true;
    },
  };
}

/**
 * Starts one production node. Every resource (store, libp2p, actors, timers, HTTP
 * endpoint) is acquired in an effect Scope and released in reverse order by `stop()`, so
 * a signal handler that calls `stop()` leaves the data dir consistent.
 */
export async function startNode(config: NodeConfig, options: StartNodeOptions): Promise<NodeHandle> {
  const scope = Effect.runSync(Scope.make());
  const acquire = Effect.gen(function* () {
    const wall = wallClock();
    const store = yield* Effect.acquireRelease(
      promise(() => openNodeStore(options.dataDir)),
      (s) => promise(() => s.close()),
    );
    const log = store.log!;
    const clock = markedClock(wall, (k) =>
      log.append({ at: wall.now(), node: id0, actor: "node", type: "node.timer", data: { k } }),
    );
    const privateKey = yield* promise(() => loadOrCreateIdentity(join(options.dataDir, "identity.key")));
    const bootstrap = config.bootstrap ?? [];
    const mdns = config.mdns ?? false;
    const protocols: Record<string, unknown> = structuredClone({ ...(config.protocols ?? defaultProtocols) });
    if (protocols.discovery) {
      const d = protocols.discovery as { seeds?: string[]; localBroadcast?: boolean };
      protocols.discovery = {
        ...d,
        seeds: [...(d.seeds ?? []), ...bootstrap],
        // Local broadcast is mDNS here: without it the driver has no broadcast to offer.
        localBroadcast: d.localBroadcast !== false && mdns,
      };
    }
    if (protocols.kademlia) {
      // The bootstrap peers are the DHT's entry points too (stock kad-dht nodes among them).
      const k = protocols.kademlia as { bootstrap?: string[] };
      protocols.kademlia = { ...k, bootstrap: [...(k.bootstrap ?? []), ...bootstrap] };
    }
    const id0 = peerIdFromPrivateKey(privateKey).toString();
    const start: NodeStartRecord = {
      id: id0,
      name: config.name ?? id0.slice(-8),
      segment: config.segment ?? "default",
      role: config.role ?? "peer",
      seed: randomBytes(8).toString("hex"),
      protocols,
      restored: Object.fromEntries(store.actors),
    };
    const built = buildDefinitions(start);
    // `notify:` adds the relay actor, signing with the node's own key (docs/notify.md).
    const hooked = config.notify ? [notifyDefinition(config.notify, privateKey.raw)] : [];
    const defs = [...built.map((b) => b.def), ...hooked];
    const driver = yield* Effect.acquireRelease(
      promise(async () => {
        const d = await createLibp2pDriver({
          privateKey,
          listen: config.listen ?? ["/ip4/127.0.0.1/tcp/0"],
          mdns,
          protocols: [
            ...built.map((b) => wireProtocol(b.def, b.module, config)),
            ...hooked.map((def) => ({ name: def.name, version: def.version })),
          ],
        });
        await d.start();
        return d;
      }),
      (d) => promise(() => d.stop()),
    );
    // Cached peers first (freshest first), then the configured bootstrap addresses.
    for (const [peer, cached] of peersBySeen(store)) yield* promise(() => driver.addPeer(peer, cached.addrs));
    for (const addr of bootstrap) yield* promise(() => driver.addPeer(peerOf(addr), [addr]));
    driver.onPeerIdentified((p) => {
      if (p.id !== driver.id && p.addrs.length > 0) store.peers.set(p.id, { addrs: p.addrs, seenAt: clock.now() });
    });
    // `registry:`: the registrant runs beside the protocols, its messages carried over HTTP (docs/registry.md).
    const reg =
      config.registry &&
      registryHook(config.registry, {
        name: start.name,
        secretKey: privateKey.raw,
        addresses: driver.addresses(),
        addPeer: (p, a) => driver.addPeer(p, a),
      });
    const host = new NodeHost(
      {
        id: driver.id,
        segment: start.segment,
        driver: reg ? reg.wrap(driver) : driver,
        clock,
        log,
        rng: createRng(start.seed),
        disk: store.actors,
      },
      reg ? [...defs, reg.def] : defs,
    );
    yield* Effect.acquireRelease(
      Effect.sync(() => {
        // Logged in the same turn as the start, so actors that read the time at start (an
        // operation's start time) replay with the time the replay starts at.
        log.append({ at: clock.now(), node: driver.id, actor: "node", type: "node.start", data: start });
        host.start(true);
      }),
      () =>
        Effect.sync(() => {
          host.stop(); // persists snapshots into store.actors, which writes through
          clock.halt();
          log.append({ at: clock.now(), node: driver.id, actor: "node", type: "node.stop", data: { clean: true } });
        }),
    );
    const checkpoint = () => {
      for (const def of defs) {
        const snap = host.snapshot(def.name);
        if (!def.persist || !snap) continue;
        const value = def.persist(snap.context);
        if (JSON.stringify(value) !== JSON.stringify(store.actors.get(def.name))) store.actors.set(def.name, value);
      }
    };
    yield* Effect.acquireRelease(
      Effect.sync(() => setInterval(checkpoint, config.checkpoint ?? 1000)),
      (t) => Effect.sync(() => clearInterval(t)),
    );
    const startedAt = clock.now();
    const status = () => nodeStatus({ start, host, driver, store, defs, startedAt, now: clock.now() });
    const command = async (actor: string, event: ActorEvent) => {
      // Refused before anything is logged: unknown actor, a shape the actor does not take, too big for a frame.
      host.checkCommand(actor, event);
      // Marks the next `<actor>.in` as a command, so replay injects it instead of firing a timer.
      log.append({ at: clock.now(), node: driver.id, actor: "node", type: "node.command", data: { actor } });
      host.command(actor, event);
      await store.flush();
    };
    const server = yield* Effect.acquireRelease(
      promise(() => serveStatus(config.statusPort ?? 0, status, command)),
      (s) => promise(() => s.close()),
    );
    const statusUrl = `http://127.0.0.1:${server.port}`;
    const notifyApi =
      config.notify &&
      (yield* Effect.acquireRelease(
        promise(() =>
          serveRelayApi(config.notify!, {
            snapshot: (a) => host.snapshot(a),
            command,
            log,
            checkpoint: () => {
              checkpoint();
              return store.flush();
            },
          }),
        ),
        (a) => promise(() => a.close()),
      ));
    // `relay:`: an embedded Nostr relay beside the node, its events in <data-dir>/nostr (docs/nostr.md).
    const relay =
      config.relay &&
      (yield* Effect.acquireRelease(
        promise(() => startNodeRelay(config.relay!, options.dataDir)),
        (r) => promise(() => r.close()),
      ));
    const extra = {
      statusUrl,
      pid: process.pid,
      ...(notifyApi ? { notifyUrl: notifyApi.url } : {}),
      ...(relay ? { relayUrl: relay.url } : {}),
    };
    const statusFile = () => writeStatusFile(options.dataDir, { ...status(), ...extra });
    statusFile();
    yield* Effect.acquireRelease(
      Effect.sync(() => setInterval(statusFile, 1000)),
      (t) =>
        Effect.sync(() => {
          clearInterval(t);
          writeStatusFile(options.dataDir, { ...status(), ...extra, running: false });
        }),
    );
    return {
      id: driver.id,
      addresses: driver.addresses(),
      statusUrl,
      ...(relay ? { relayUrl: relay.url } : {}),
      host,
      driver,
      store,
      status,
      command,
    };
  });
  const exit = await Effect.runPromiseExit(Scope.extend(acquire, scope));
  if (Exit.isFailure(exit)) {
    await Effect.runPromise(Scope.close(scope, exit));
    // The first failure as it was thrown (a StoreOpenError, a port in use…): the CLI says it in one line.
    const first = Cause.squash(exit.cause);
    throw first instanceof Error ? first : new Error(`node failed to start: ${String(first)}`);
  }
  let stopping: Promise<void> | undefined;
  return {
    ...exit.value,
    stop: () => (stopping ??= Effect.runPromise(Scope.close(scope, Exit.void))),
  };
}
