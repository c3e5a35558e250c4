import type { Millis } from "../../runtime/clock.js";
import type { Answer, FilteredRequest } from "./config.js";
import { heard } from "./contacts.js";
import { fromHex, kadKey } from "./distance.js";
import type { Inbound, KadRequest } from "./messages.js";
import { isValid, type ValueRecord } from "./records.js";
import type { KadState, Out } from "./state.js";

/** True for a structurally sound record from the network. */
export function isRecord(r: unknown): r is ValueRecord {
  return (
    typeof r === "object" &&
    r !== null &&
    typeof (r as ValueRecord).value === "string" &&
    typeof (r as ValueRecord).published === "number"
  );
}

/** Answers one request as a server-mode node. */
export function serve(s: KadState, out: Out, ev: Inbound<KadRequest>, now: Millis): void {
  s.stats.requestsIn++;
  heard(s, out, ev.from, ev.type === "PING" || !ev.client);
  if (ev.type === "PING") {
    out.send(ev.from, { type: "PING_RESPONSE", rid: ev.rid });
    return;
  }
  const target = (ev.type === "FIND_NODE" && ev.target !== undefined && fromHex(ev.target)) || kadKey(ev.key);
  const closer = (): string[] => s.table.closest(target, s.cfg.k, ev.from).map((c) => c.id);
  // A Sybil's filter sees each request and what an honest node would answer.
  const filter = s.cfg.answerFilter;
  const filtered = (honest: Answer): Answer | undefined => {
    if (!filter) return honest;
    const req: FilteredRequest = {
      self: s.self,
      from: ev.from,
      type: ev.type,
      key: ev.key,
      target,
      contacts: () => [...s.table.contacts()].map((c) => c.id),
    };
    return filter(req, honest);
  };
  switch (ev.type) {
    case "FIND_NODE": {
      const a = filtered({ closer: closer() });
      if (!a) return;
      // Asked for our own id, we name ourselves too, as stock kad-dht does
      // (rpc/handlers/find-node.js): in a DHT of two, nobody else could say where we are.
      const self = ev.key === s.self && ev.target === undefined && !a.closer.includes(s.self);
      out.send(ev.from, { type: "FIND_NODE_RESPONSE", rid: ev.rid, closer: self ? [...a.closer, s.self] : a.closer });
      return;
    }
    case "GET_VALUE": {
      const record = s.records.get(ev.key, now);
      const a = filtered({ closer: closer(), ...(record ? { record } : {}) });
      if (!a) return;
      const reply = { type: "GET_VALUE_RESPONSE", rid: ev.rid, key: ev.key, closer: a.closer } as const;
      out.send(ev.from, a.record ? { ...reply, record: a.record } : reply);
      return;
    }
    case "PUT_VALUE": {
      if (!filtered({ closer: [] })) return;
      const valid = isRecord(ev.record) && isValid(s.cfg.validate ?? (() => true), ev.key, ev.record);
      if (!valid) s.stats.invalidRecords++;
      // An older record than the one held is refused too (ok: false), but is not invalid.
      const ok = valid && s.records.put(ev.key, { value: ev.record.value, published: ev.record.published }, now);
      out.send(ev.from, { type: "PUT_VALUE_RESPONSE", rid: ev.rid, key: ev.key, ok });
      return;
    }
    case "ADD_PROVIDER":
      // The provider is the sender: nobody can announce on another node's behalf.
      if (filtered({ closer: [] })) s.providers.add(ev.key, ev.from, now);
      return;
    case "GET_PROVIDERS": {
      const providers = s.providers.get(ev.key, now, s.cfg.maxProviders);
      const a = filtered({ closer: closer(), providers });
      if (a) {
        const reply = { rid: ev.rid, key: ev.key, providers: a.providers ?? [], closer: a.closer };
        out.send(ev.from, { type: "GET_PROVIDERS_RESPONSE", ...reply });
      }
      return;
    }
  }
}
