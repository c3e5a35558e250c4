import type { ActorDefinition } from "../../runtime/actor.js";
import { decodeInit } from "../params.js";
import { notifyMachine, type NotifyContext } from "./machine.js";
import { MESSAGE_TYPES, NotifyCommands, NotifyWire } from "./messages.js";
import { NotifyParams, type NotifyConfig, type NotifyInit } from "./params.js";
import type { NotifyPersisted } from "./state.js";

/** Actor and protocol name; log entries are `notify.in`, `notify.accepted`, `notify.stored`, … */
export const NOTIFY_PROTOCOL = "notify";

/**
 * The notification relay (see docs/notify.md). Commands: `{type: "submit", notification,
 * ref}` → observed `notify.accepted {ref, hash, address}` or `notify.refused {ref, reason,
 * required?}`; `{type: "fetch", recipient, since, ref}` → `notify.fetched {ref,
 * notifications, …}`. Needs a `kademlia` actor on the same node for replica placement,
 * provider records and the wallet's lookups (without one it keeps what it accepts).
 *
 * @param init parameters; see {@link NotifyParams} for every default. Validated here.
 */
export function notify(init: NotifyInit | Partial<NotifyConfig> = {}): ActorDefinition<NotifyConfig, NotifyPersisted> {
  const cfg = decodeInit("notify", NotifyParams, init);
  return {
    name: NOTIFY_PROTOCOL,
    version: "1.0.0",
    accepts: new Set(MESSAGE_TYPES),
    messages: NotifyWire,
    commands: NotifyCommands,
    machine: notifyMachine,
    init: cfg,
    persist(context: unknown): NotifyPersisted {
      const { notify: s } = context as NotifyContext;
      return { notifications: s.store.all(), provided: [...s.provided] };
    },
  };
}

export { NotifyParams, type NotifyConfig, type NotifyInit } from "./params.js";
export type { NotifyContext } from "./machine.js";
export type { NotifyPersisted, NotifyState, NotifyStats } from "./state.js";
export * from "./notification.js";
export { seal, open, withWork, recipientKeys, type NotificationBody, type SealInput } from "./seal.js";
export { findWork, thresholdAtLevel, expectedHashes, parseThreshold, u64Hex, workDifficulty } from "./work.js";
export { replicasFor, recipientPoint } from "./placement.js";
export { NotificationStore } from "./store.js";
export { Difficulty } from "./difficulty.js";
export { RecipientLimit } from "./rate-limit.js";
export { NotifyWire, NotifyCommands, type NotifyMessage } from "./messages.js";
export * as constants from "./constants.js";
