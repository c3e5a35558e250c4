import { setup } from "xstate";
import type { ActorEnv } from "../runtime/actor.js";
import { NodeHost } from "../runtime/actor-host.js";
import { effects } from "../runtime/effects.js";
import { createEventLog } from "../runtime/event-log.js";
import { createRng } from "../runtime/rng.js";
import { Engine } from "../sim/engine.js";
import { defaultLinkParams, LinkTable } from "../sim/network/link-params.js";
import { SimNetwork } from "../sim/network/sim-network.js";
import { virtualClock } from "../sim/virtual-clock.js";

/** A trivial actor: every 100 ms it pings a random node, which does nothing. */
const pinger = setup({
  types: {} as { context: { env: ActorEnv; n: number }; input: { env: ActorEnv; init: { n: number } } },
  actions: { ...effects },
}).createMachine({
  context: ({ input }) => ({ env: input.env, n: input.init.n }),
  entry: ({ context }) => context.env.io.setTimer("tick", 100, { type: "tick" }),
  on: {
    tick: {
      actions: ({ context }) => {
        context.env.io.send(`n-${context.env.rng.int(context.n)}`, { type: "ping" });
        context.env.io.setTimer("tick", 100, { type: "tick" });
      },
    },
    ping: {},
  },
});

/** Events/s of the engine alone (closures), and of the full stack with trivial actors. */
export function benchEngine(): Record<string, string | number>[] {
  const rows: Record<string, string | number>[] = [];
  {
    const engine = new Engine();
    const N = 2_000_000;
    let k = 0;
    const fire = (): void => {
      if (++k < N) engine.after(1 + (k % 7), fire);
    };
    for (let i = 0; i < 100; i++) engine.after(i, fire);
    const t = performance.now();
    engine.run(Infinity);
    const s = (performance.now() - t) / 1000;
    rows.push({
      what: "engine alone (closures)",
      events: engine.processed,
      "events/s": Math.round(engine.processed / s),
    });
  }
  for (const nodes of [1000, 10_000]) {
    const engine = new Engine();
    const log = createEventLog();
    const rng = createRng(1);
    const net = new SimNetwork(engine, rng.fork("net"), new LinkTable(defaultLinkParams, []));
    const clock = virtualClock(engine);
    const def = { name: "pinger", version: "1", accepts: new Set(["ping"]), machine: pinger, init: { n: nodes } };
    for (let i = 0; i < nodes; i++) {
      const id = `n-${i}`;
      const driver = net.attach({ id, group: "g", segment: "g" });
      new NodeHost({ id, segment: "g", driver, clock, log, rng: rng.fork(id), disk: new Map() }, [def]).start();
    }
    const t = performance.now();
    engine.run(nodes === 1000 ? 60_000 : 6_000);
    const s = (performance.now() - t) / 1000;
    rows.push({
      what: `trivial actors, ${nodes} nodes (host + xstate + log)`,
      events: engine.processed,
      "events/s": Math.round(engine.processed / s),
      "log entries/s": Math.round(log.size / s),
    });
  }
  return rows;
}
