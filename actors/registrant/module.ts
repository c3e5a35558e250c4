import { protocolModule } from "../../runtime/protocol.js";
import { RegistrantParams } from "./config.js";
import { registrant } from "./index.js";

/** The registrant as a protocol module (`protocols: { registrant: … }`); `registry` names the registry's node. */
export const registrantModule = protocolModule({
  key: "registrant",
  params: RegistrantParams,
  summary: "registers with the coordination registry, heartbeats, feeds discovery the active nodes",
  create: (params, ctx) => registrant({ ...params, registry: ctx.resolve(params.registry)[0] ?? params.registry }),
  references: (params) => [{ path: ["registry"], name: params.registry }],
});
