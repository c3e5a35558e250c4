// Entry of a sweep's worker thread (piscina): the thread registers tsx itself (loader
// hooks of the main thread do not reach workers on every Node version), then loads the
// TypeScript task. Piscina calls the default export once per seed.
import { register } from "tsx/esm/api";

register();
const { runSeedTask } = await import("./sweep-task.ts");
export default runSeedTask;
