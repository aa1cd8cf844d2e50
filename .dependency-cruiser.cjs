// npm run lint: no import circle among the library's modules, type-only imports included (they hide a coupling
// as well as value imports do).
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Give the shared vocabulary a file of its own (as docker-types.ts and spark-properties.ts are).",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
  },
};
