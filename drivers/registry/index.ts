export { startRegistryService, type RegistryService, type RegistryServiceOptions } from "./service.js";
export { RegistryStore } from "./store.js";
export { HttpRegistryClient, withRegistryClient } from "./client-driver.js";
export { RegistryBlock, registryHook, type NodeParts } from "./node-hook.js";
