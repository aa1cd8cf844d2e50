// The package.json jsii compiles lib/ with (scripts/jsii.sh), derived from the repository's
// own so name, version and dependencies never drift: sources in lib/, compiled in place
// (jsii's layout), the Python target, and the devDependency jsii asks for (the lowest
// constructs the peer range accepts, so bindings are checked against what users may have).
const root = require("../package.json");

const lowest = (range) => range.replace(/^[\^~]/, "");
const pkg = {
  name: root.name,
  version: root.version,
  description: root.description,
  license: root.license,
  keywords: root.keywords,
  author: root.author,
  repository: root.repository,
  main: "lib/index.js",
  types: "lib/index.d.ts",
  files: ["lib/**/*.js", "lib/**/*.d.ts", "docker", ".jsii", "README.md", "LICENSE", "CHANGELOG.md"],
  engines: root.engines,
  peerDependencies: root.peerDependencies,
  devDependencies: {
    ...Object.fromEntries(Object.keys(root.peerDependencies).map((p) => [p, root.devDependencies[p]])),
    constructs: lowest(root.peerDependencies.constructs),
  },
  jsii: {
    outdir: "dist",
    tsc: { outDir: "lib", rootDir: "lib" },
    targets: {
      python: { distName: "cdktf-spark", module: "cdktf_spark" },
    },
  },
};
process.stdout.write(JSON.stringify(pkg, null, 2) + "\n");
