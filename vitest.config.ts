import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests open real sockets and processes; keep the machine's 2 cores usable.
    maxWorkers: 2,
  },
});
