import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Observable } from "rxjs";
import type { NotifyState } from "../../actors/notify/index.js";
import { u64Hex } from "../../actors/notify/index.js";
import type { ActorEvent } from "../../runtime/actor.js";
import type { LogEntry } from "../../runtime/event-log.js";
import { readBody, respond } from "../registry/http-driver.js";

/** What the HTTP API needs of a running relay node. */
export interface RelayNode {
  /** Sends a command to the notify actor (logged durably). */
  command(event: ActorEvent): Promise<void>;
  /** The node's log, where the actor's verdicts and results appear. */
  readonly entries$: Observable<LogEntry>;
  /** The relay's state now (undefined while the actor is not running). */
  state(): NotifyState | undefined;
  /** Writes the relay's stored notifications to disk and waits until they are durable. */
  checkpoint(): Promise<void>;
}

/** Options of {@link serveNotifyApi}. */
export interface NotifyApiOptions {
  /** 0 picks a free port. @default 0 */
  readonly port?: number;
  /** Largest request body in bytes; longer ones get 413. @default 16384 */
  readonly bodyLimit?: number;
  /** How long a fetch or a routing may take before the API answers 504. @default 90000 */
  readonly timeout?: number;
}

/** Waits for the first log entry of `type` whose data has `field === value`. */
function waitFor(
  entries$: Observable<LogEntry>,
  types: readonly string[],
  match: (d: Record<string, unknown>) => boolean,
  ms: number,
): { promise: Promise<Record<string, unknown> | undefined>; cancel(): void } {
  let cancel = (): void => {};
  const promise = new Promise<Record<string, unknown> | undefined>((resolve) => {
    const timer = setTimeout(() => done(undefined), ms);
    const sub = entries$.subscribe((e) => {
      if (types.includes(e.type) && match(e.data as Record<string, unknown>))
        done({ ...(e.data as object), type: e.type });
    });
    function done(v: Record<string, unknown> | undefined): void {
      clearTimeout(timer);
      sub.unsubscribe();
      resolve(v);
    }
    cancel = () => done(undefined);
  });
  return { promise, cancel };
}

let nextRef = 1;

/**
 * The wallet-facing HTTP API of a relay, on 127.0.0.1:
 * - `GET /difficulty` → `{threshold, base, level}`: the work a submission needs now.
 * - `POST /notifications` (a sealed notification as JSON) → 202 `{address, hash, replicas}`
 *   once it is routed and durable; 422 `{reason, required?}` when refused; 413 over the limit.
 * - `GET /notifications?recipient=<hex>&since=<ms>` → `{notifications}`: the relay fetches
 *   from the recipient's providers in the DHT (verified, deduped; still sealed).
 */
export async function serveNotifyApi(
  node: RelayNode,
  options: NotifyApiOptions = {},
): Promise<{ port: number; close(): Promise<void> }> {
  const limit = options.bodyLimit ?? 16_384;
  const timeout = options.timeout ?? 90_000;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const s = node.state();
    if (!s) return respond(res, 503, { error: "the notify actor is not running" });
    if (req.method === "GET" && url.pathname === "/difficulty") {
      const now = Date.now();
      return respond(res, 200, { threshold: u64Hex(s.difficulty.current(now)), base: u64Hex(s.base), level: s.difficulty.level(now) }); // prettier-ignore
    }
    if (req.method === "POST" && url.pathname === "/notifications") {
      const raw = await readBody(req, limit);
      if (raw === undefined) return respond(res, 413, { error: `body: larger than ${limit} bytes` }, true);
      let notification: unknown;
      try {
        notification = JSON.parse(raw.toString("utf8"));
      } catch {
        return respond(res, 400, { error: "body: expected a notification as JSON" });
      }
      const ref = `http-${process.pid}-${nextRef++}`;
      const verdict = waitFor(node.entries$, ["notify.accepted", "notify.refused"], (d) => d.ref === ref, timeout);
      await node.command({ type: "submit", notification, ref });
      const v = await verdict.promise;
      if (!v) return respond(res, 504, { error: "no verdict" });
      if (v.type === "notify.refused") return respond(res, v.reason === "rate-limited" ? 429 : 422, { reason: v.reason, ...(v.required ? { required: v.required } : {}) }); // prettier-ignore
      const routed = waitFor(node.entries$, ["notify.routed"], (d) => d.hash === v.hash, timeout);
      // Routing may have happened within the command's own turn (no DHT peers): check the state too.
      const already = !node.state()?.routing.has(v.hash as string);
      const r = already ? (routed.cancel(), undefined) : await routed.promise;
      await node.checkpoint();
      return respond(res, 202, { address: v.address, hash: v.hash, replicas: r?.replicas ?? null });
    }
    if (req.method === "GET" && url.pathname === "/notifications") {
      const recipient = url.searchParams.get("recipient") ?? "";
      const since = Number(url.searchParams.get("since") ?? "0");
      if (!/^[0-9a-f]{64}$/.test(recipient))
        return respond(res, 400, { error: "recipient: expected an X25519 public key as 64 hex digits" });
      if (!Number.isSafeInteger(since) || since < 0)
        return respond(res, 400, { error: "since: expected milliseconds since the epoch" });
      const ref = `http-${process.pid}-${nextRef++}`;
      const fetched = waitFor(node.entries$, ["notify.fetched"], (d) => d.ref === ref, timeout);
      await node.command({ type: "fetch", recipient, since, ref });
      const f = await fetched.promise;
      if (!f) return respond(res, 504, { error: "the fetch did not finish" });
      return respond(res, 200, { notifications: f.notifications, asked: f.asked, unanswered: f.unanswered });
    }
    return respond(res, 404, { error: `no ${req.method} ${url.pathname}` });
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => respond(res, 500, { error: String(err) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
