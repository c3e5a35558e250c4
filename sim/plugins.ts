import { meshPlugin } from "./expect/plugin.js";
import { faultsPlugin } from "./faults/plugin.js";
import { kademliaPlugin } from "./kademlia/plugin.js";
import { natPlugin } from "./nat/plugin.js";
import { notifyPlugin } from "./notify/plugin.js";
import type { SimPlugin } from "./plugin.js";
import { backbonePlugin } from "./backbone/plugin.js";
import { radioPlugin } from "./radio/plugin.js";
import { registryPlugin } from "./registry/plugin.js";
import { sybilPlugin } from "./sybil/plugin.js";
import { nostrPlugin } from "./nostr/plugin.js";

/**
 * Everything protocols and world models add to the simulator, in the order they are
 * installed on a world. The scenario grammar assembles itself from this list and the
 * protocol registry (`actors/registry.ts`): adding a plug-in is one line here.
 */
export const simPlugins: readonly SimPlugin[] = [
  faultsPlugin,
  meshPlugin,
  natPlugin,
  kademliaPlugin,
  sybilPlugin,
  radioPlugin,
  nostrPlugin,
  registryPlugin,
  notifyPlugin,
  backbonePlugin,
];
