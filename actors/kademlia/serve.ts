import type { Millis } from "../../runtime/clock.js";
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
  const { k } = s.cfg;
  const closerTo = (key: string, target?: string) =>
    s.table.closest((target !== undefined && fromHex(target)) || kadKey(key), k, ev.from).map((c) => c.id);
  switch (ev.type) {
    case "FIND_NODE":
      out.send(ev.from, { type: "FIND_NODE_RESPONSE", rid: ev.rid, closer: closerTo(ev.key, ev.target) });
      return;
    case "GET_VALUE": {
      const record = s.records.get(ev.key, now);
      const closer = closerTo(ev.key);
      out.send(ev.from, {
        type: "GET_VALUE_RESPONSE",
        rid: ev.rid,
        key: ev.key,
        ...(record ? { record } : {}),
        closer,
      });
      return;
    }
    case "PUT_VALUE": {
      const valid = isRecord(ev.record) && isValid(s.cfg.validate ?? (() => true), ev.key, ev.record);
      if (!valid) s.stats.invalidRecords++;
      // An older record than the one held is refused too (ok: false), but is not invalid.
      const ok = valid && s.records.put(ev.key, { value: ev.record.value, published: ev.record.published }, now);
      out.send(ev.from, { type: "PUT_VALUE_RESPONSE", rid: ev.rid, key: ev.key, ok });
      return;
    }
    case "ADD_PROVIDER":
      // The provider is the sender: nobody can announce on another node's behalf.
      s.providers.add(ev.key, ev.from, now);
      return;
    case "GET_PROVIDERS": {
      const providers = s.providers.get(ev.key, now, s.cfg.maxProviders);
      out.send(ev.from, {
        type: "GET_PROVIDERS_RESPONSE",
        rid: ev.rid,
        key: ev.key,
        providers,
        closer: closerTo(ev.key),
      });
      return;
    }
    case "PING":
      out.send(ev.from, { type: "PING_RESPONSE", rid: ev.rid });
      return;
  }
}
