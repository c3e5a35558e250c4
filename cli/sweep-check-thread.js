// Entry of `meshtwin check --jobs N`'s worker threads (piscina): registers tsx, then runs
// one scenario file per task (see sweep-thread.js for why each thread registers tsx).
import { register } from "tsx/esm/api";

register();
const { checkFile } = await import("./sweep-check.ts");
export default checkFile;
