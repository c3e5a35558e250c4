import { jsonCodec, type FrameCodec } from "./codec.js";
import type { ExchangeCodec } from "../../runtime/exchange-codec.js";

/** One actor protocol carried by the driver. */
export interface ProtocolSpec {
  /** Actor name, as in `Envelope.protocol`. */
  readonly name: string;
  /** @default "1.0.0" */
  readonly version?: string;
  /** Full libp2p protocol id, for actors that speak an existing protocol. @default `/meshtwin/<name>/<version>` */
  readonly id?: string;
  /** @default jsonCodec */
  readonly codec?: FrameCodec;
  /**
   * Request–response mode (the shape of `/ipfs/kad/1.0.0`): a new stream per request, one
   * reply read on it; `codec` is then unused. @default undefined (one-way frames on one stream)
   */
  readonly exchange?: ExchangeCodec;
  /**
   * False: only outgoing streams; no handler is registered, so identify does not list the
   * protocol and peers do not ask this node (a kad-dht client, a light node). @default true
   */
  readonly serve?: boolean;
}

/** A spec with its defaults applied. */
export interface ResolvedProtocol {
  readonly name: string;
  readonly id: string;
  readonly codec: FrameCodec;
  readonly exchange?: ExchangeCodec;
  readonly serve: boolean;
}

/** Applies defaults and rejects two specs for one actor or one libp2p id (a configuration bug). */
export function resolveProtocols(specs: readonly ProtocolSpec[]): Map<string, ResolvedProtocol> {
  const byName = new Map<string, ResolvedProtocol>();
  const ids = new Set<string>();
  for (const s of specs) {
    if (!/^[a-z0-9][a-z0-9._-]*$/i.test(s.name)) throw new Error(`protocol name '${s.name}' must be [a-z0-9._-]`);
    const id = s.id ?? `/meshtwin/${s.name}/${s.version ?? "1.0.0"}`;
    if (byName.has(s.name)) throw new Error(`protocol '${s.name}' is declared twice`);
    if (ids.has(id)) throw new Error(`libp2p protocol id '${id}' is declared twice`);
    ids.add(id);
    byName.set(s.name, {
      name: s.name,
      id,
      codec: s.codec ?? jsonCodec,
      serve: s.serve ?? true,
      ...(s.exchange ? { exchange: s.exchange } : {}),
    });
  }
  return byName;
}
