/** Unit tests: synthesized Terraform only, no Docker needed. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // Transpile only (no type check per file): type checking is `npm run typecheck`.
  transform: { "^.+\\.ts$": ["ts-jest", { isolatedModules: true }] },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
};
