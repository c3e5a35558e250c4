import { protocolModule } from "../../runtime/protocol.js";
import { RegistryParams } from "./config.js";
import { registry } from "./index.js";

/** The registry as a protocol module (`protocols: { registry: … }`). */
export const registryModule = protocolModule({
  key: "registry",
  params: RegistryParams,
  summary: "coordination registry: register → sovereign approval → heartbeats → offline",
  create: (params) => registry(params),
});
