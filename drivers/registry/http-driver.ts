import type { IncomingMessage, ServerResponse } from "node:http";
import type { Driver, Envelope, ReceiveHandler } from "../../runtime/driver.js";
import { REGISTRY_PROTOCOL, type RegistryReply } from "../../actors/registry/index.js";

/** Reads a request body of at most `limit` bytes; undefined when it is longer (the request is answered 413). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) return resolve(undefined);
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on("end", () => resolve(over ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Writes a JSON response. */
export function respond(res: ServerResponse, status: number, body: unknown, close = false): void {
  if (res.writableEnded) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...(close ? { connection: "close" } : {}),
  });
  res.end(text);
}

/**
 * The registry actor's driver in production: each HTTP request becomes a `request`
 * envelope from a client id `http#<rid>`, and the actor's `reply` to that id becomes the
 * HTTP response. Replies are not written at once: the service writes them only after the
 * changes logged with them are committed (`takeReplies`).
 */
export class HttpRequestDriver implements Driver {
  readonly capabilities;
  private handler: ReceiveHandler | undefined;
  private nextRid = 1;
  private readonly waiting = new Map<string, ServerResponse>();
  private outbox: { res: ServerResponse; reply: RegistryReply }[] = [];

  constructor(
    bodyLimit: number,
    /** Called when replies wait in the outbox (the service schedules a commit). */
    private readonly onReply: () => void,
  ) {
    this.capabilities = { mtu: bodyLimit, broadcast: false, cost: 1 };
  }

  start(): void {}
  stop(): void {}

  onReceive(handler: ReceiveHandler): void {
    this.handler = handler;
  }

  /** Hands one parsed HTTP request to the actor. */
  submit(
    res: ServerResponse,
    method: "GET" | "POST",
    path: string,
    query: Record<string, string>,
    body: unknown,
  ): void {
    const rid = this.nextRid++;
    const from = `http#${rid}`;
    this.waiting.set(from, res);
    res.once("close", () => this.waiting.delete(from));
    const payload = { type: "request", rid, method, path, query, ...(body === undefined ? {} : { body }) };
    this.handler?.({ from, to: REGISTRY_PROTOCOL, protocol: REGISTRY_PROTOCOL, payload });
  }

  send(envelope: Envelope): void {
    const res = this.waiting.get(envelope.to);
    if (!res) return; // the client went away
    this.waiting.delete(envelope.to);
    this.outbox.push({ res, reply: envelope.payload as unknown as RegistryReply });
    this.onReply();
  }

  /** Replies whose changes are about to be (or have been) committed. */
  takeReplies(): { res: ServerResponse; reply: RegistryReply }[] {
    const out = this.outbox;
    this.outbox = [];
    return out;
  }

  /** Requests not answered yet. */
  get inFlight(): number {
    return this.waiting.size + this.outbox.length;
  }
}
