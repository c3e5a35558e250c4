import type { Driver, Envelope, ReceiveHandler } from "../../runtime/driver.js";
import { REGISTRY_PROTOCOL, type NodeView, type RegistryRequest } from "../../actors/registry/index.js";

/** Options of {@link withRegistryClient}. */
export interface RegistryClientOptions {
  /** Base URL of `meshtwin registry`, e.g. `http://127.0.0.1:8190`. */
  readonly url: string;
  /** Per-request timeout in ms; a request that times out is lost, as on any network. @default 10000 */
  readonly timeout?: number;
  /** Sees every node list the registry returns (before the actor does): the node dials from it. */
  readonly onNodes?: (nodes: readonly NodeView[]) => void | Promise<void>;
}

/**
 * Carries the registrant's messages over HTTP: a `request` becomes a fetch of the
 * registry's API, its response a `reply` from the registry. Everything else goes to the
 * node's own driver. The registrant cannot tell this from the simulated network.
 */
export class HttpRegistryClient implements Driver {
  private readonly handlers: ReceiveHandler[] = [];
  private readonly aborts = new Set<AbortController>();
  private live = false;

  constructor(
    private readonly inner: Driver,
    private readonly opts: RegistryClientOptions,
  ) {
    const b = inner.broadcast;
    if (b) this.broadcast = (env) => b.call(inner, env);
  }

  readonly broadcast?: (envelope: Omit<Envelope, "to">) => void;

  get capabilities() {
    return this.inner.capabilities;
  }

  async start(): Promise<void> {
    this.live = true;
    await this.inner.start();
  }

  async stop(): Promise<void> {
    this.live = false;
    for (const a of this.aborts) a.abort();
    await this.inner.stop();
  }

  onReceive(handler: ReceiveHandler): void {
    this.handlers.push(handler);
    this.inner.onReceive(handler);
  }

  send(envelope: Envelope): void {
    if (envelope.protocol !== REGISTRY_PROTOCOL) return this.inner.send(envelope);
    void this.exchange(envelope);
  }

  private async exchange(envelope: Envelope): Promise<void> {
    const req = envelope.payload as unknown as RegistryRequest;
    if (req.type !== "request" || !this.live) return;
    const url = new URL(req.path, this.opts.url);
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
    const abort = new AbortController();
    this.aborts.add(abort);
    const timer = setTimeout(() => abort.abort(), this.opts.timeout ?? 10_000);
    try {
      const res = await fetch(url, {
        method: req.method,
        signal: abort.signal,
        ...(req.body === undefined
          ? {}
          : { body: JSON.stringify(req.body), headers: { "content-type": "application/json" } }),
      });
      const body: unknown = await res.json().catch(() => null);
      const nodes = (body as { nodes?: unknown } | null)?.nodes;
      if (res.ok && Array.isArray(nodes)) await this.opts.onNodes?.(nodes as NodeView[]);
      if (!this.live) return;
      const payload = { type: "reply", rid: req.rid, status: res.status, body };
      for (const h of this.handlers) h({ from: envelope.to, to: envelope.from, protocol: REGISTRY_PROTOCOL, payload });
    } catch {
      // Unreachable registry or timeout: the request is lost; the registrant's timers retry.
    } finally {
      clearTimeout(timer);
      this.aborts.delete(abort);
    }
  }
}

/** Wraps a node's driver so that the registrant's messages go to the registry over HTTP. */
export const withRegistryClient = (inner: Driver, opts: RegistryClientOptions): HttpRegistryClient =>
  new HttpRegistryClient(inner, opts);
