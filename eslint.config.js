import tseslint from "typescript-eslint";

// Determinism: actors/ and sim/ must take time and randomness from the injected Clock and Rng.
const wallClockRule = {
  "no-restricted-properties": [
    "error",
    { object: "Date", property: "now", message: "Use the injected Clock (determinism)." },
    { object: "performance", property: "now", message: "Use the injected Clock (determinism)." },
    { object: "Math", property: "random", message: "Use the injected Rng (determinism)." },
  ],
  "no-restricted-syntax": [
    "error",
    { selector: "NewExpression[callee.name='Date']", message: "Use the injected Clock (determinism)." },
  ],
  "no-restricted-globals": [
    "error",
    { name: "setTimeout", message: "Use Clock.setTimer (determinism)." },
    { name: "setInterval", message: "Use Clock.setTimer (determinism)." },
    { name: "setImmediate", message: "Use Clock.setTimer (determinism)." },
  ],
};

export default tseslint.config(
  { ignores: ["node_modules/**", "out/**", "dist/**", "viz/dist/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  { files: ["actors/**/*.ts", "sim/**/*.ts"], rules: wallClockRule },
);
