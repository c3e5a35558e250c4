import { setup } from "xstate";
import { MESSAGE_TYPES } from "../../actors/notify/messages.js";
import { NOTIFY_PROTOCOL } from "../../actors/notify/index.js";
import * as Schema from "effect/Schema";
import type { ActorDefinition, ActorEnv, ActorEvent, ActorInput } from "../../runtime/actor.js";
import { effects } from "../../runtime/effects.js";
import { protocolModule } from "../../runtime/protocol.js";

/**
 * A spammer's notify actor (simulation only): it speaks the relays' protocol, so its
 * frames reach their `notify` actor, but it only sends what the `notifySpam` workload
 * tells it (`{type: "emit", to, msg}`) and ignores every answer.
 */
const machine = setup({
  types: {
    context: {} as { env: ActorEnv },
    input: {} as ActorInput<unknown, unknown>,
    events: {} as ActorEvent,
  },
  actions: { ...effects },
}).createMachine({
  id: "notify-attacker",
  context: ({ input }) => ({ env: input.env }),
  on: {
    emit: {
      actions: ({ context, event }) =>
        context.env.io.send(event.to as string, event.msg as { type: string; [k: string]: unknown }),
    },
  },
});

/** `protocols: { notifyAttacker: {} }` on an attacker group. */
export const notifyAttackerModule = protocolModule({
  key: "notifyAttacker",
  params: Schema.Struct({}),
  summary: "simulation only: a spammer speaking the notify protocol",
  create: (): ActorDefinition => ({
    name: NOTIFY_PROTOCOL,
    version: "1.0.0",
    accepts: new Set(MESSAGE_TYPES),
    machine,
    init: {},
  }),
});
