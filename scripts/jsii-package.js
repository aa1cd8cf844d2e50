// The package.json jsii compiles a package with (scripts/jsii.sh), derived from its own so name,
// version and dependencies never drift: sources in lib/, compiled in place (jsii's layout), the
// Python target, and the devDependencies jsii asks for (the lowest constructs the peer range
// accepts, so bindings are checked against what users may have).
//   jsii-package.js        cdktf-spark: its required peers only (cdktf-spark-aws is optional, loaded on demand)
//   jsii-package.js aws    cdktf-spark-aws (packages/aws): its peers and cdktf-spark of the same release
const root = require("../package.json");
const aws = process.argv[2] === "aws";
const own = aws ? require("../packages/aws/package.json") : root;

const lowest = (range) => range.replace(/^[\^~]/, "");
const optional = own.peerDependenciesMeta ?? {};
const peers = Object.fromEntries(Object.entries(own.peerDependencies).filter(([name]) => !optional[name]?.optional));
if (aws) peers["cdktf-spark"] = root.version;
const pkg = {
  name: own.name,
  version: own.version,
  description: own.description,
  license: own.license,
  keywords: own.keywords,
  author: own.author,
  repository: own.repository,
  main: "lib/index.js",
  types: "lib/index.d.ts",
  // S3Bucket requires "cdktf-spark-aws/backend" and both packages' package.json.
  ...(aws && { exports: { ".": "./lib/index.js", "./backend": "./lib/aws-bucket.js", "./package.json": "./package.json" } }),
  files: ["lib/**/*.js", "lib/**/*.d.ts", ...(aws ? [] : ["docker"]), ".jsii", "README.md", "LICENSE", ...(aws ? [] : ["CHANGELOG.md"])],
  engines: own.engines,
  peerDependencies: peers,
  devDependencies: {
    ...Object.fromEntries(Object.keys(peers).map((p) => [p, p === "cdktf-spark" ? root.version : root.devDependencies[p]])),
    constructs: lowest(root.peerDependencies.constructs),
  },
  jsii: {
    outdir: "dist",
    tsc: { outDir: "lib", rootDir: "lib" },
    targets: {
      python: { distName: own.name, module: own.name.replace(/-/g, "_") },
    },
  },
};
process.stdout.write(JSON.stringify(pkg, null, 2) + "\n");
