// The lint gate (npm run lint, in CI): typescript-eslint's recommended rules on every TypeScript and JavaScript file.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "dist/",
      "cdktf.out/",
      ".e2e/",
      ".bench/",
      ".jsii-build/",
      ".jsii-build-aws/",
      ".jsii-build-cdktn/",
      ".jsii-build-cdktn-aws/",
      "packages/aws/dist/",
      "packages/cdktn/build/",
      ".gen/",
      "state/",
      "api/",
      "docker/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: { "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }] },
  },
  {
    // The scripts and the consumer tests' checkers are plain CommonJS that Node runs as they are.
    files: ["**/*.js"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Tests and benches read synthesized Terraform JSON, which has no type of its own.
    files: ["test/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
