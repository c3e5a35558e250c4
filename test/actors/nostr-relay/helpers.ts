import { finalizeEvent, generateSecretKey, getPublicKey, type Event } from "nostr-tools/pure";
import { nostrRelay } from "../../../actors/nostr-relay/index.js";
import { given, sent, type Effect } from "../helpers/recording-io.js";

/** A signing identity for tests. */
export function who() {
  const sk = generateSecretKey();
  return {
    sk,
    pk: getPublicKey(sk),
    /** A signed event; created_at defaults to 1000 s. */
    // A plain copy, as it arrives off the wire (finalizeEvent marks its object as verified).
    sign: (t: { kind?: number; created_at?: number; tags?: string[][]; content?: string } = {}): Event =>
      JSON.parse(
        JSON.stringify(finalizeEvent({ kind: 1, created_at: 1000, tags: [], content: "", ...t }, sk)),
      ) as Event,
  };
}

/** One relay actor on a recording io, driven with frames; time starts at 1000 s. */
export function relay(params: Record<string, unknown> = {}) {
  const g = given(nostrRelay(params), { self: "relay" });
  g.at(1_000_000);
  const frames = (effects: readonly Effect[], to = "alice"): unknown[][] =>
    sent(effects, "r")
      .filter((s) => s.to === to)
      .map((s) => JSON.parse(s.msg.text as string) as unknown[]);
  // Alice is connected (her AUTH challenge already received) before each test begins.
  g.when({ type: "open", from: "alice" });
  return {
    g,
    /** Sends one client→relay frame from `conn`; returns the frames sent back to it. */
    send(frame: unknown[], conn = "alice"): unknown[][] {
      return frames(g.when({ type: "c", from: conn, text: JSON.stringify(frame) }), conn);
    },
    /** Sends raw text; returns every effect. */
    raw(text: string, conn = "alice"): Effect[] {
      return g.when({ type: "c", from: conn, text });
    },
    open(conn = "alice"): unknown[][] {
      return frames(g.when({ type: "open", from: conn }), conn);
    },
    frames,
    /** The OK frame of an EVENT. */
    publish(ev: Event, conn = "alice"): [string, string, boolean, string] {
      const out = this.send(["EVENT", ev], conn).find((f) => f[0] === "OK");
      if (!out) throw new Error("no OK");
      return out as [string, string, boolean, string];
    },
    /** Ids a REQ returns before EOSE (and checks EOSE came last). */
    req(...filters: object[]): string[] {
      const out = this.send(["REQ", "q", ...filters]);
      if (JSON.stringify(out[out.length - 1]) !== JSON.stringify(["EOSE", "q"])) throw new Error("no EOSE last");
      this.send(["CLOSE", "q"]);
      return out.filter((f) => f[0] === "EVENT").map((f) => (f[2] as Event).id);
    },
  };
}
