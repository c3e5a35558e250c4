import type { NodeId } from "../../runtime/driver.js";
import { byDistance, type Contact } from "./closest.js";
import type { KadKey } from "./distance.js";

/** Where a candidate stands in a lookup. */
export type CandidateState = "new" | "waiting" | "done" | "failed";

/** A peer a lookup knows of: on which path, how many hops from us, and how it answered. */
export interface Candidate {
  readonly contact: Contact;
  /** 1 for a peer we knew, h + 1 for a peer learned from a hop-h answer. */
  readonly hop: number;
  readonly path: number;
  state: CandidateState;
}

interface Path {
  /** Candidates of this path, nearest first. */
  readonly list: Candidate[];
  inflight: number;
}

/**
 * The iterative part of every Kademlia operation, without I/O: which peers to ask next
 * (at most α in flight per path), what answers teach us, and when it has converged (the
 * k nearest live candidates of every path have answered). With `paths` > 1 it is the
 * S/Kademlia disjoint lookup: seeds are dealt round-robin to paths and a peer belongs to
 * the first path that hears of it, so one path's liars cannot steer the others.
 */
export class Lookup {
  readonly candidates = new Map<NodeId, Candidate>();
  private readonly paths: Path[];
  private readonly cmp: (a: Candidate, b: Candidate) => number;

  constructor(
    readonly target: KadKey,
    private readonly k: number,
    private readonly alpha: number,
    paths: number,
    private readonly self: NodeId,
    seeds: readonly Contact[],
  ) {
    const d = byDistance(target);
    this.cmp = (a, b) => d(a.contact, b.contact);
    this.paths = Array.from({ length: Math.max(1, paths) }, () => ({ list: [], inflight: 0 }));
    const sorted = seeds.filter((s) => s.id !== self).sort(d);
    sorted.forEach((s, i) => this.add(s, 1, i % this.paths.length));
  }

  /** Picks the candidates to ask now and marks them waiting. */
  next(): Candidate[] {
    const out: Candidate[] = [];
    for (const p of this.paths) {
      let live = 0;
      for (const c of p.list) {
        if (p.inflight >= this.alpha || live >= this.k) break;
        if (c.state === "failed") continue;
        live++;
        if (c.state === "new") {
          c.state = "waiting";
          p.inflight++;
          out.push(c);
        }
      }
    }
    return out;
  }

  /** `peer` answered with `closer`; returns the candidate, or undefined if it was not waiting. */
  answered(peer: NodeId, closer: readonly Contact[]): Candidate | undefined {
    const c = this.settle(peer, "done");
    if (!c) return undefined;
    for (const x of closer) if (x.id !== this.self && !this.candidates.has(x.id)) this.add(x, c.hop + 1, c.path);
    return c;
  }

  /** `peer` timed out or refused. */
  failed(peer: NodeId): void {
    this.settle(peer, "failed");
  }

  /** True when no path has a request in flight or a near candidate left to ask. */
  get converged(): boolean {
    for (const p of this.paths) {
      if (p.inflight > 0) return false;
      let live = 0;
      for (const c of p.list) {
        if (live >= this.k) break;
        if (c.state === "failed") continue;
        live++;
        if (c.state === "new") return false;
      }
    }
    return true;
  }

  /** Candidates that answered, nearest first, at most k (across all paths). */
  result(): Candidate[] {
    const done = [...this.candidates.values()].filter((c) => c.state === "done");
    return done.sort(this.cmp).slice(0, this.k);
  }

  /** Candidates still waiting for an answer. */
  waiting(): Candidate[] {
    return [...this.candidates.values()].filter((c) => c.state === "waiting");
  }

  private settle(peer: NodeId, state: CandidateState): Candidate | undefined {
    const c = this.candidates.get(peer);
    if (!c || c.state !== "waiting") return undefined;
    c.state = state;
    this.paths[c.path]!.inflight--;
    return c;
  }

  private add(contact: Contact, hop: number, path: number): void {
    const c: Candidate = { contact, hop, path, state: "new" };
    this.candidates.set(contact.id, c);
    const list = this.paths[path]!.list;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cmp(list[mid]!, c) < 0) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, c);
  }
}
