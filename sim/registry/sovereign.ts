import * as Schema from "effect/Schema";
import { Count, Fraction, Interval } from "../../actors/params.js";
import { decisionMessage, signerForLabel, type RegistryContext, type Signer } from "../../actors/registry/index.js";
import { Duration } from "../scenario/primitives.js";
import type { World } from "../world.js";
import { registryNode } from "./locate.js";

/** `registry-approve`: a sovereign decides on pending nodes in batches. */
export const ApproveWorkload = Schema.Struct({
  /** First batch. @default 1m */
  start: Schema.optional(Duration),
  every: Interval,
  /** Pending nodes decided per batch, oldest registration first. */
  batch: Count,
  /** Share of decided nodes denied (rounded over all decisions so far). @default 0 */
  deny: Schema.optional(Fraction),
  /** Last batch no later than this. @default the end of the run */
  stop: Schema.optional(Duration),
});
export type ApproveWorkload = typeof ApproveWorkload.Type;

/** The simulated sovereign's key: per seed, in the registry's signature kind. */
export const sovereignOf = (world: World, ctx: RegistryContext): Signer =>
  signerForLabel(ctx.cfg.signatures, `sovereign/${world.seed}`);

/**
 * Schedules the sovereign. Its first act, while the registry has no sovereign key, is to
 * become one through `/sovereign/add` (the first-request rule); then each batch signs
 * `approve:` or `deny:` for the oldest pending nodes and hands the request to the registry
 * as a host command (logged like any input; the reply is observed as `registry.reply`).
 */
export function scheduleApprovals(world: World, w: ApproveWorkload): void {
  let decided = 0;
  let denied = 0;
  const deny = w.deny ?? 0;
  world.repeat(w.start ?? 60_000, w.every, w.stop ?? world.scenario.duration, () => {
    const reg = world.node(registryNode(world))!;
    const snap = reg.host.snapshot("registry");
    if (!snap) return; // the registry is down: this batch is skipped
    const ctx = snap.context as unknown as RegistryContext;
    const sovereign = sovereignOf(world, ctx);
    const request = (path: string, body: unknown) =>
      reg.host.command("registry", { type: "request", rid: 0, method: "POST", path, body });
    if (ctx.state.sovereigns.size === 0)
      request("/sovereign/add", { publicKey: sovereign.publicKey, description: "simulated sovereign" });
    const pending = [...ctx.state.nodes.values()].filter((n) => n.status === "pending").slice(0, w.batch);
    // A random order within the batch, so which nodes are denied is the seed's choice.
    const order = world.workloadStream.sample(pending, pending.length);
    for (const n of order) {
      decided++;
      const decision = denied < Math.round(decided * deny) ? "deny" : "approve";
      if (decision === "deny") denied++;
      request(`/${decision}/${n.id}`, {
        approverPublicKey: sovereign.publicKey,
        signature: sovereign.sign(decisionMessage(decision, n.id)),
      });
    }
    world.record("registry", "registry.batch", { decided: order.length, denied });
  });
}
