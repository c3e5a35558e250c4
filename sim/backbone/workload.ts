import { issueToken } from "../../actors/auth/token.js";
import { saltedSeed, tokenKeyFrom } from "../../actors/auth/keys.js";
import { modelledCrypto } from "../../runtime/crypto/modelled.js";
import type { NodeId } from "../../runtime/driver.js";
import { createRng } from "../../runtime/rng.js";
import type { World } from "../world.js";
import { authenticatedLights, keySaltOf } from "./expand.js";
import type { ContactsWorkload, TokenAttackWorkload } from "./spec.js";

/** Per world: what the token attackers did (for the `tokensRefused` expectation). */
export const attacks = new WeakMap<World, { kind: string; from: NodeId; at: number }[]>();

/** Schedules a `contacts` workload: each light node looks up one of its fixed contacts now and then. */
export function scheduleContacts(world: World, w: ContactsWorkload): void {
  const rng = createRng(`${world.seed}/backbone-contacts`);
  // By default: every authenticating light node, talking to any other (across regions).
  const lights = authenticatedLights(world);
  const from = w.from !== undefined ? world.select(w.from, rng) : lights;
  const pool = w.targets !== undefined ? world.select(w.targets, rng) : lights;
  const contacts = new Map<NodeId, NodeId[]>(
    from.map((id) => [
      id,
      rng.sample(
        pool.filter((p) => p !== id),
        w.contacts,
      ),
    ]),
  );
  world.repeat(w.start ?? w.every, w.every, w.stop ?? world.scenario.duration, () => {
    const live = from.filter((id) => world.node(id)!.host.isRunning);
    const origin = live.length > 0 ? world.workloadStream.pick(live) : undefined;
    const mine = origin === undefined ? undefined : contacts.get(origin);
    if (!origin || !mine || mine.length === 0) return;
    // People look up contacts who are online; a contact that has not started yet is skipped this time.
    const online = mine.filter((id) => world.node(id)!.host.isRunning);
    if (online.length === 0) return;
    world.node(origin)!.host.command("kad", { type: "findProviders", key: world.workloadStream.pick(online) });
  });
}

const KINDS = ["forged", "expired", "replayed"] as const;

/** Schedules a `tokenAttack` workload: bad tokens presented on lookups, one kind after the other. */
export function scheduleTokenAttack(world: World, w: TokenAttackWorkload): void {
  const crypto = modelledCrypto();
  const log = attacks.get(world) ?? [];
  attacks.set(world, log);
  const backbone = world.nodes.filter((n) => n.role === "backbone").map((n) => n.id);
  const lights = authenticatedLights(world);
  const honest = world.nodes.filter((n) => lights.includes(n.id));
  let n = 0;
  world.repeat(w.start ?? w.every, w.every, w.stop ?? world.scenario.duration, () => {
    const rng = world.workloadStream;
    const from = world.pickLive(w.from, rng);
    if (from === undefined || backbone.length === 0) return;
    const kind = KINDS[n++ % KINDS.length]!;
    const now = world.engine.now;
    const claims = {
      iss: rng.pick(backbone),
      sub: "00".repeat(20),
      nid: from,
      rgn: ["north_america", "latin_america", "europe", "asia_pacific", "australia"],
      pur: "backbone-session",
      iat: now / 1000 - 3600,
      exp: now / 1000 + 3600,
      jti: rng.hex64(),
    };
    let token: string | undefined;
    if (kind === "forged")
      token = issueToken(crypto, crypto.generateKeyPair("ed25519", new Uint8Array(32).fill(7)), claims);
    else if (kind === "expired") {
      const key = tokenKeyFrom(crypto, saltedSeed(crypto, keySaltOf(world.scenario), claims.iss));
      token = issueToken(crypto, key, { ...claims, exp: now / 1000 - 1 });
    } else {
      // A token an honest node holds right now, presented by the attacker.
      const holders = honest.filter((h) => h.host.isRunning && h.id !== from);
      const victim = holders.length > 0 ? rng.pick(holders) : undefined;
      const ctx = victim?.host.snapshot("auth")?.context as { auth?: { token?: string } } | undefined;
      token = ctx?.auth?.token;
    }
    if (token === undefined) return;
    const host = world.node(from)!.host;
    host.command("kad", { type: "auth.token", token });
    host.command("kad", { type: "findProviders", key: rng.pick(honest).id });
    log.push({ kind, from, at: now });
  });
}
