export { serveNotifyApi, type NotifyApiOptions, type RelayNode } from "./http-api.js";
export { NotifyBlock, notifyDefinition, serveRelayApi, type RelayParts } from "./node-hook.js";
