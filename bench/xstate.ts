import { createActor, initialTransition, setup, transition } from "xstate";

type Ev = { type: "ping"; from: string } | { type: "tick" };

let _sink = 0;
const machine = setup({
  types: {} as { context: { n: number }; events: Ev },
  actions: {
    send: (_: unknown, p: { to: string }) => {
      _sink += p.to.length;
    },
    arm: () => {
      _sink++;
    },
  },
}).createMachine({
  context: { n: 0 },
  on: {
    ping: {
      actions: [({ context }) => void context.n++, { type: "send", params: ({ event }) => ({ to: event.from }) }],
    },
    tick: { actions: "arm" },
  },
});

const events: Ev[] = Array.from({ length: 200_000 }, (_, i) =>
  i % 2 ? { type: "ping", from: "east-1" } : { type: "tick" },
);

function rate(fn: () => void): number {
  const t = performance.now();
  fn();
  return Math.round(events.length / ((performance.now() - t) / 1000));
}

/**
 * What one event costs through xstate, the way the host runs actors (`createActor` +
 * `send`), through xstate's pure `transition()`, and through a hand-written reducer
 * with the same behaviour: the ceiling without xstate.
 */
export function benchXstate(): Record<string, string | number>[] {
  const actor = createActor(machine).start();
  const viaActor = rate(() => {
    for (const e of events) actor.send(e);
  });
  let [snap] = initialTransition(machine);
  const viaTransition = rate(() => {
    for (const e of events) {
      const [next, actions] = transition(machine, snap, e);
      snap = next;
      for (const a of actions) if (a.type === "send") _sink += (a.params as { to: string }).to.length;
    }
  });
  const ctx = { n: 0 };
  const viaReducer = rate(() => {
    for (const e of events) {
      if (e.type === "ping") {
        ctx.n++;
        _sink += e.from.length;
      } else _sink++;
    }
  });
  return [
    { path: "createActor + send (what the host uses)", "events/s": viaActor, "µs/event": +(1e6 / viaActor).toFixed(2) },
    { path: "pure transition()", "events/s": viaTransition, "µs/event": +(1e6 / viaTransition).toFixed(2) },
    { path: "plain reducer, no xstate (ceiling)", "events/s": viaReducer, "µs/event": +(1e6 / viaReducer).toFixed(3) },
  ];
}
