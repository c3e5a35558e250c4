#!/usr/bin/env -S node --max-semi-space-size=64
// `npm run bench`: runs bench/index.ts through tsx, like the CLI (cli/bin.js).
import { register } from "tsx/esm/api";

register();
await import("./index.ts");
