#!/usr/bin/env -S node --max-semi-space-size=64
// Entry point of the `meshtwin` command: registers tsx so the TypeScript sources run
// as they are, without a build step, then hands over to cli/main.ts.
import { register } from "tsx/esm/api";

register();
await import("./main.ts");
