import { describe, expect, it } from "vitest";
import { setup } from "xstate";
import type { ActorDefinition, ActorEnv, ActorInput } from "../../runtime/actor.js";
import { NodeHost } from "../../runtime/actor-host.js";
import { effects } from "../../runtime/effects.js";
import { createEventLog, type LogEntry } from "../../runtime/event-log.js";
import { createRng } from "../../runtime/rng.js";
import { Engine } from "../../sim/engine.js";
import { defaultLinkParams, LinkTable } from "../../sim/network/link-params.js";
import { SimNetwork } from "../../sim/network/sim-network.js";
import { virtualClock } from "../../sim/virtual-clock.js";

interface Ctx {
  env: ActorEnv;
  count: number;
}

/** Counts `hit` messages, echoes them, keeps a heartbeat timer; persists its count. */
const counter = setup({
  types: {} as { context: Ctx; input: ActorInput<{ beat: number }, { count: number }> },
  actions: { ...effects },
}).createMachine({
  context: ({ input }) => ({ env: input.env, count: input.restored?.count ?? 0 }),
  entry: ({ context }) => context.env.io.setTimer("beat", 1000, { type: "beat" }),
  on: {
    hit: {
      actions: ({ context, event }) => {
        context.count++;
        context.env.io.send((event as unknown as { from: string }).from, { type: "echo", n: context.count });
      },
    },
    echo: {},
    beat: { actions: ({ context }) => context.env.io.setTimer("beat", 1000, { type: "beat" }) },
    rearm: { actions: ({ context }) => context.env.io.setTimer("beat", 5000, { type: "beat" }) },
  },
});

const def: ActorDefinition = {
  name: "counter",
  version: "1",
  accepts: new Set(["hit", "echo"]),
  machine: counter,
  init: { beat: 1000 },
  persist: (c) => ({ count: (c as Ctx).count }),
};

function world() {
  const engine = new Engine();
  const log = createEventLog();
  const entries: LogEntry[] = [];
  log.entries$.subscribe((e) => entries.push(e));
  const net = new SimNetwork(engine, createRng("w"), new LinkTable({ ...defaultLinkParams, latency: 10 }, []));
  const clock = virtualClock(engine);
  const make = (id: string) =>
    new NodeHost(
      {
        id,
        segment: id,
        driver: net.attach({ id, group: "g", segment: id }),
        clock,
        log,
        rng: createRng(id),
        disk: new Map(),
      },
      [def],
    );
  return { engine, entries, a: make("a"), b: make("b"), net };
}

describe("actor host", () => {
  it("logs every input before the machine sees it and every effect it causes", () => {
    const w = world();
    w.a.start();
    w.b.start();
    w.a.command("counter", { type: "noop" });
    w.engine.run(0);
    const types = () => w.entries.map((e) => `${e.node}:${e.type}`);
    expect(types()).toEqual(["a:counter.timer.set", "b:counter.timer.set", "a:counter.in"]);
    w.engine.run(1000);
    expect(types().slice(3)).toEqual(["a:counter.in", "a:counter.timer.set", "b:counter.in", "b:counter.timer.set"]);
  });

  it("counts and drops malformed frames: unknown protocol, unaccepted type, not an object", () => {
    const w = world();
    w.b.start();
    const raw = w.net.attach({ id: "evil", group: "g", segment: "evil" });
    raw.start();
    raw.send({ from: "evil", to: "b", protocol: "nope", payload: { type: "hit" } });
    raw.send({ from: "evil", to: "b", protocol: "counter", payload: { type: "beat" } }); // a timer event, not a wire type
    raw.send({ from: "evil", to: "b", protocol: "counter", payload: "garbage" as never });
    raw.send({ from: "evil", to: "b", protocol: "counter", payload: { type: "hit" } });
    w.engine.run(100);
    expect(w.b.stats.malformed).toBe(3);
    expect(w.entries.filter((e) => e.type === "node.drop").map((e) => (e.data as { reason: string }).reason)).toEqual([
      "unknown-protocol",
      "unaccepted-type",
      "unaccepted-type",
    ]);
    expect(w.b.snapshot("counter")!.context.count).toBe(1);
  });

  it("a timer set again under the same key replaces the pending one", () => {
    const w = world();
    w.a.start();
    w.a.command("counter", { type: "rearm" });
    w.engine.run(4999);
    expect(
      w.entries.filter((e) => e.type === "counter.in" && (e.data as { type: string }).type === "beat"),
    ).toHaveLength(0);
    w.engine.run(5000);
    expect(
      w.entries.filter((e) => e.type === "counter.in" && (e.data as { type: string }).type === "beat"),
    ).toHaveLength(1);
  });

  it("after stop nothing is delivered or emitted; restart with persisted state resumes the count", () => {
    const w = world();
    w.a.start();
    w.b.start();
    const raw = w.net.attach({ id: "c", group: "g", segment: "c" });
    raw.start();
    for (let i = 0; i < 3; i++) raw.send({ from: "c", to: "b", protocol: "counter", payload: { type: "hit" } });
    w.engine.run(50);
    w.b.stop();
    w.b.stop();
    const before = w.entries.length;
    raw.send({ from: "c", to: "b", protocol: "counter", payload: { type: "hit" } });
    w.engine.run(3000); // b's heartbeat would have fired twice
    expect(w.entries.slice(before).filter((e) => e.node === "b")).toEqual([]);
    w.b.start(true);
    raw.send({ from: "c", to: "b", protocol: "counter", payload: { type: "hit" } });
    w.engine.run(3100);
    expect(w.b.snapshot("counter")!.context.count).toBe(4);
    w.b.stop();
    w.b.start(false);
    expect(w.b.snapshot("counter")!.context.count).toBe(0);
  });
});

describe("actor host: state changes are outputs", () => {
  const toggle = setup({
    types: {} as { context: { env: ActorEnv }; input: ActorInput<object, never> },
  }).createMachine({
    context: ({ input }) => ({ env: input.env }),
    initial: "idle",
    states: { idle: { on: { go: "busy" } }, busy: { on: { go: "idle", stay: {} } } },
  });
  const def: ActorDefinition = { name: "toggle", version: "1", accepts: new Set(), machine: toggle, init: {} };

  it("logs the initial state and each change, not inputs that leave the state as it was", () => {
    const engine = new Engine();
    const log = createEventLog();
    const states: unknown[] = [];
    log.entries$.subscribe((e) => e.type === "toggle.state" && states.push((e.data as { value: unknown }).value));
    const net = new SimNetwork(engine, createRng("t"), new LinkTable(defaultLinkParams, []));
    const host = new NodeHost(
      {
        id: "n",
        segment: "n",
        driver: net.attach({ id: "n", group: "g", segment: "n" }),
        clock: virtualClock(engine),
        log,
        rng: createRng("n"),
        disk: new Map(),
      },
      [def],
    );
    host.start();
    for (const type of ["go", "stay", "stay", "go", "go"]) host.command("toggle", { type });
    expect(states).toEqual(["idle", "busy", "idle", "busy"]);
  });
});
