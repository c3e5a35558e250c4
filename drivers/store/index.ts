export type { DurableEventLog, ReadLogOptions } from "./durable-log.js";
export { openDurableEventLog, readLogEntries, readLogLines, seqKey, lastSeq } from "./durable-log.js";
export type { StoreOp, Sub } from "./group-commit.js";
export { closeOnce, GroupCommit } from "./group-commit.js";
export { PersistentMap } from "./persistent-map.js";
export type { CachedPeer, NodeStore, NodeStoreOptions } from "./node-store.js";
export { openNodeStore, peersBySeen } from "./node-store.js";
export { StoreOpenError, storeOpenError, type StoreOpenReason } from "./errors.js";
