import { protocolModule } from "../../runtime/protocol.js";
import { notify, NOTIFY_PROTOCOL } from "./index.js";
import { NotifyParams } from "./params.js";

/** The protocol module: `protocols: notify: {…}` in scenario groups and node configs. */
export const notifyModule = protocolModule({
  key: NOTIFY_PROTOCOL,
  params: NotifyParams,
  summary: "permissionless notification relay: proof-of-work stamps, 90-day storage on the 3 XOR-closest nodes",
  create: (params) => notify(params),
});
