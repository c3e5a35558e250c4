import { describe, expect, it } from "vitest";
import { NotificationStore, RecipientLimit, type Notification } from "../../../actors/notify/index.js";

const n = (recipient: string, i: number, timestamp = i, ttl = 1000): Notification => ({
  version: 1,
  hash: i.toString(16).padStart(64, "0"),
  timestamp,
  ttl,
  recipient,
  payload: "",
  work: "0000000000000000",
});
const A = "aa".repeat(32);
const B = "bb".repeat(32);

describe("notification store", () => {
  it("keeps exactly `cap` per recipient: the cap-th stays, the next evicts the least recently used", () => {
    const s = new NotificationStore(3);
    for (let i = 1; i <= 3; i++) expect(s.put(n(A, i))).toEqual({ stored: true, evicted: [] });
    expect(s.put(n(B, 9)).evicted).toEqual([]); // another recipient has its own cap
    expect(s.put(n(A, 4)).evicted).toEqual([n(A, 1).hash]);
    expect(s.hashes(A, 0)).toEqual([2, 3, 4].map((i) => n(A, i).hash));
    expect(s.size).toBe(4);
  });

  it("serving a query or a duplicate counts as use: the untouched one is evicted", () => {
    const s = new NotificationStore(3);
    for (let i = 1; i <= 3; i++) s.put(n(A, i));
    expect(s.since(A, 3, 0).map((x) => x.timestamp)).toEqual([3]);
    expect(s.put(n(A, 2)).stored).toBe(false); // a duplicate: touched, not stored twice
    expect(s.put(n(A, 5)).evicted).toEqual([n(A, 1).hash]);
    expect(s.put(n(A, 6)).evicted).toEqual([n(A, 3).hash]);
  });

  it("TTL edges: served until timestamp + ttl − 1, gone at timestamp + ttl, and swept", () => {
    const s = new NotificationStore(10);
    s.put(n(A, 1, 100, 50));
    expect(s.since(A, 0, 149)).toHaveLength(1);
    expect(s.since(A, 0, 150)).toHaveLength(0);
    expect(s.hashes(A, 150)).toEqual([]);
    expect(s.sweep(149)).toEqual([]);
    expect(s.sweep(150)).toEqual([n(A, 1).hash]);
    expect(s.size).toBe(0);
    expect(s.recipients()).toEqual([]);
  });

  it("since() returns timestamp ≥ since, oldest first", () => {
    const s = new NotificationStore(10);
    for (const t of [30, 10, 20]) s.put(n(A, t));
    expect(s.since(A, 20, 0).map((x) => x.timestamp)).toEqual([20, 30]);
  });
});

describe("per-recipient rate limit", () => {
  it("allows `limit` per window per recipient and frees a slot when the oldest leaves the window", () => {
    const r = new RecipientLimit(2, 100);
    r.record(A, 0);
    r.record(A, 10);
    expect(r.allows(A, 50)).toBe(false);
    expect(r.allows(B, 50)).toBe(true);
    expect(r.allows(A, 99)).toBe(false);
    expect(r.allows(A, 100)).toBe(true);
  });
});
