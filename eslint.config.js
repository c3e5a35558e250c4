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

// Layering (docs/adding-a-protocol.md, README "Architecture"): what each folder may import.
const forbid = (...folders) => ({
  "no-restricted-imports": [
    "error",
    {
      patterns: folders.map((f) => ({
        group: [`**/${f}/**`, `../${f}`, `../../${f}`],
        message: `this folder may not import ${f}/ (see the layering table in README.md)`,
      })),
    },
  ],
});
export const layering = [
  { files: ["runtime/**/*.ts"], rules: forbid("actors", "drivers", "sim", "cli", "bench", "viz") },
  { files: ["actors/**/*.ts"], rules: forbid("drivers", "sim", "cli", "bench", "viz") },
  { files: ["drivers/**/*.ts"], rules: forbid("sim", "cli", "bench", "viz") },
  { files: ["sim/**/*.ts"], rules: forbid("drivers", "cli", "bench", "viz") },
  { files: ["viz/**/*.ts"], rules: forbid("cli", "sim", "drivers", "bench") },
];

export default tseslint.config(
  { ignores: ["node_modules/**", "out/**", "dist/**", "viz/dist/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  { files: ["actors/**/*.ts", "sim/**/*.ts"], rules: wallClockRule },
  ...layering,
);
