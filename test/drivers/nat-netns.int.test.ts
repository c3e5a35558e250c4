import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireTools } from "../helpers/require-tool.js";

/**
 * Two private networks behind Linux MASQUERADE routers, in network namespaces, and a
 * public relay between them:
 *
 *   h1 10.1.0.2 ─ r1 (NAT) 10.99.1.2 ─ 10.99.1.1 pub (relay) 10.99.2.1 ─ 10.99.2.2 (NAT) r2 ─ 10.2.0.2 h2
 *
 * pub has no route to 10.1/10.2, so h1 and h2 cannot be dialled; each reserves a slot on
 * the relay and h2 reaches h1 at its relayed address. Needs root, `ip netns` and iptables.
 */
const tag = `mt${process.pid % 100000}`;
const ns = (n: string) => `${tag}${n}`;
const sh = (...args: string[]) => execFileSync(args[0]!, args.slice(1), { stdio: "pipe" }).toString();
const inNs = (n: string, ...args: string[]) => sh("ip", "netns", "exec", ns(n), ...args);

function unavailable(): string | undefined {
  if (process.getuid?.() !== 0) return "not root";
  try {
    sh("ip", "netns", "add", ns("probe"));
    sh("ip", "netns", "del", ns("probe"));
  } catch (err) {
    return `ip netns does not work here (${(err as Error).message.split("\n")[0]})`;
  }
  try {
    sh("iptables", "-t", "nat", "-L", "-n");
  } catch {
    return "iptables (nat table) is not available";
  }
  return undefined;
}

function link(a: string, aIf: string, aIp: string, b: string, bIf: string, bIp: string): void {
  sh("ip", "link", "add", `${tag}${aIf}`, "type", "veth", "peer", "name", `${tag}${bIf}`);
  sh("ip", "link", "set", `${tag}${aIf}`, "netns", ns(a));
  sh("ip", "link", "set", `${tag}${bIf}`, "netns", ns(b));
  inNs(a, "ip", "addr", "add", aIp, "dev", `${tag}${aIf}`);
  inNs(b, "ip", "addr", "add", bIp, "dev", `${tag}${bIf}`);
  inNs(a, "ip", "link", "set", `${tag}${aIf}`, "up");
  inNs(b, "ip", "link", "set", `${tag}${bIf}`, "up");
}

function buildTopology(): void {
  for (const n of ["pub", "r1", "r2", "h1", "h2"]) {
    sh("ip", "netns", "add", ns(n));
    inNs(n, "ip", "link", "set", "lo", "up");
  }
  for (const i of [1, 2]) {
    link("pub", `p${i}`, `10.99.${i}.1/24`, `r${i}`, `o${i}`, `10.99.${i}.2/24`);
    link(`r${i}`, `i${i}`, `10.${i}.0.1/24`, `h${i}`, `h${i}`, `10.${i}.0.2/24`);
    inNs(`r${i}`, "sysctl", "-qw", "net.ipv4.ip_forward=1");
    inNs(`r${i}`, "iptables", "-t", "nat", "-A", "POSTROUTING", "-o", `${tag}o${i}`, "-j", "MASQUERADE");
    inNs(`r${i}`, "ip", "route", "add", "default", "via", `10.99.${i}.1`);
    inNs(`h${i}`, "ip", "route", "add", "default", "via", `10.${i}.0.1`);
  }
}

function teardown(): void {
  for (const n of ["pub", "r1", "r2", "h1", "h2"])
    try {
      sh("ip", "netns", "del", ns(n));
    } catch {
      // not created
    }
}

type Line = { event: string; [k: string]: unknown };
const children: ChildProcess[] = [];

/** Starts a demo node in namespace `n`; `next(event)` resolves with its next line of that event. */
function node(n: string, ...args: string[]) {
  const child = spawn(
    "ip",
    ["netns", "exec", ns(n), process.execPath, "--import", "tsx", "drivers/libp2p/nat/demo-node.ts", ...args],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  children.push(child);
  const lines: Line[] = [];
  const waiters: { event: string; resolve: (l: Line) => void }[] = [];
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += String(d)));
  createInterface({ input: child.stdout! }).on("line", (text) => {
    let line: Line;
    try {
      line = JSON.parse(text) as Line;
    } catch {
      return;
    }
    lines.push(line);
    for (const w of waiters.filter((x) => x.event === line.event || line.event === "error")) w.resolve(line);
  });
  return {
    next: (event: string, ms = 25_000) =>
      new Promise<Line>((resolve, reject) => {
        const had = lines.find((l) => l.event === event || l.event === "error");
        if (had) return resolve(had);
        const timer = setTimeout(() => reject(new Error(`${n}: no '${event}' within ${ms} ms; stderr: ${stderr}`)), ms);
        waiters.push({ event, resolve: (l) => (clearTimeout(timer), resolve(l)) });
      }),
  };
}

/** Under CI missing namespaces or iptables fail this file; elsewhere it skips, saying why. */
const present = requireTools(import.meta.url, [
  { name: "network namespaces + iptables", install: "bash scripts/install-netns-tools.sh", missing: unavailable },
]);

describe.skipIf(!present)("libp2p behind two MASQUERADE NATs (network namespaces)", () => {
  beforeAll(() => {
    teardown();
    buildTopology();
  });
  afterAll(() => {
    for (const c of children) if (c.pid && c.exitCode === null) c.kill("SIGTERM");
    teardown();
  });

  it("the NATed hosts cannot be reached from the public side", () => {
    expect(() => inNs("pub", "ip", "route", "get", "10.1.0.2")).toThrow();
    expect(inNs("h1", "ip", "route", "get", "10.99.1.1")).toContain("via 10.1.0.1");
  });

  it("two NATed nodes reserve slots on a public relay and exchange a message through it", async () => {
    const relay = node("pub", "public", "/ip4/0.0.0.0/tcp/4011");
    const up = await relay.next("listening");
    expect(up.event).toBe("listening");
    const relayId = up.id as string;
    const h1 = node("h1", "private", "/ip4/10.1.0.2/tcp/0", `/ip4/10.99.1.1/tcp/4011/p2p/${relayId}`);
    const relayed = await h1.next("relayed");
    const addr = (relayed.addrs as string[]).find((a) => a.startsWith("/ip4/10.99.1.1/"))!;
    expect(addr).toContain(`/p2p/${relayId}/p2p-circuit/p2p/`);
    const h1Up = await h1.next("listening");
    const h2 = node("h2", "private", "/ip4/10.2.0.2/tcp/0", `/ip4/10.99.2.1/tcp/4011/p2p/${relayId}`, addr);
    const h2Up = await h2.next("listening");
    const reply = await h2.next("reply");
    expect(reply.text).toBe(`ack hello from ${h2Up.id as string}`);
    expect(reply.via).toContain("/p2p-circuit");
    expect(reply.limited).toBe(true);
    const got = await h1.next("received");
    expect(got.from).toBe(h2Up.id);
    expect(got.via).toContain(`/p2p/${relayId}/p2p-circuit`);
    expect(h1Up.id).not.toBe(h2Up.id);
  }, 60_000);
});
