import type { NostrRelayInit } from "./params.js";

/** NIP-11 relay information document, with the limits this relay enforces. */
export function relayInformation(cfg: NostrRelayInit, pubkey?: string): Record<string, unknown> {
  const team = cfg.team !== undefined;
  return {
    name: cfg.name,
    description: cfg.description,
    ...(pubkey ? { pubkey } : {}),
    software: "https://github.com/meshtwin/meshtwin",
    version: "0.1.0",
    supported_nips: [1, 9, 11, 40, 42, 45, 77],
    limitation: {
      max_message_length: cfg.maxMessageBytes,
      max_subscriptions: cfg.maxSubscriptions,
      max_filters: cfg.maxFilters,
      max_limit: cfg.maxLimit,
      default_limit: cfg.defaultLimit,
      max_subid_length: 64,
      auth_required: cfg.authRequired || team,
      restricted_writes: team,
      payment_required: false,
    },
    retention: [{ time: cfg.retention > 0 ? Math.floor(cfg.retention / 1000) : null }],
    // Not standard NIP-11 fields: the embedded relay's resource limits, so clients can pace themselves.
    meshtwin: {
      team: team ? { name: cfg.team!.name, members: cfg.team!.members.length } : null,
      max_connections: cfg.maxConnections,
      storage_mb: cfg.storageMb,
      rate_limits: { connection: cfg.connectionRate, pubkey: cfg.pubkeyRate, req: cfg.reqRate },
    },
  };
}
