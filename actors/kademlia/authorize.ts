import type { Millis } from "../../runtime/clock.js";
import type { NodeId } from "../../runtime/driver.js";

/** A request as an {@link Authorizer} sees it. */
export interface AuthorizeRequest {
  readonly from: NodeId;
  readonly type: string;
  /** The session token the requester presented (any value: a peer can send anything). */
  readonly token: unknown;
  readonly now: Millis;
}

/**
 * Decides whether a server-mode node serves a request: undefined to serve it, or the reason
 * it is refused (`expired`, `forged`, …). The requester gets `{type: "REFUSED", rid, reason}`
 * at once, so its lookup moves on without waiting for a timeout. Absent: every request is served.
 */
export type Authorizer = (req: AuthorizeRequest) => string | undefined;

/** The refusal a server sends instead of an answer. Not a kad-dht message: over libp2p a refusal closes the stream. */
export interface Refused {
  readonly type: "REFUSED";
  readonly rid: number;
  readonly reason: string;
}
