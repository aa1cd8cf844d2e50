// The package.json jsii compiles a package with (scripts/jsii.sh), derived from its own so name,
// version and dependencies never drift: sources in lib/, compiled in place (jsii's layout), the
// Python target, and the devDependencies jsii asks for.
//   jsii-package.js                 cdktf-spark: its required peers only (cdktf-spark-aws is optional, loaded on demand)
//   jsii-package.js aws             cdktf-spark-aws (packages/aws): its peers and cdktf-spark of the same release
//   jsii-package.js [aws] --cdktn=DIR
//                                   cdktn-spark / cdktn-spark-aws: from the manifests scripts/cdktn-rewrite.js wrote
//                                   in DIR/{core,aws} with --docker=package (their peers: cdktn, constructs, the
//                                   @cdktn/provider-* bindings, @cdktn/provider-docker among them)
const path = require("path");

const args = process.argv.slice(2);
const aws = args.includes("aws");
const cdktnDir = args.find((a) => a.startsWith("--cdktn="))?.slice("--cdktn=".length);
const unknown = args.filter((a) => a !== "aws" && !a.startsWith("--cdktn="));
if (unknown.length) throw new Error(`jsii-package.js: unknown arguments ${unknown.join(" ")}; usage: jsii-package.js [aws] [--cdktn=DIR]`);

const manifest = (file) => require(path.resolve(file));
const core = cdktnDir ? manifest(path.join(cdktnDir, "core/package.json")) : require("../package.json");
const own = aws ? (cdktnDir ? manifest(path.join(cdktnDir, "aws/package.json")) : require("../packages/aws/package.json")) : core;

// jsii wants each peer as a devDependency at the lowest version its range accepts (JSII6), so the bindings are
// checked against what users may have (what is installed, in node_modules, may be newer).
const lowest = (range) => {
  const m = /^(?:[\^~]|>=)?(\d+\.\d+\.\d+)(?:\s+<\S+)?$/.exec(range);
  if (!m) throw new Error(`jsii-package.js: no lowest version for the range "${range}"`);
  return m[1];
};
const optional = own.peerDependenciesMeta ?? {};
const peers = Object.fromEntries(Object.entries(own.peerDependencies).filter(([name]) => !optional[name]?.optional));
if (aws) peers[core.name] = core.version;
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
  // S3Bucket requires "<framework>-spark-aws/backend" and both packages' package.json.
  ...(aws && { exports: { ".": "./lib/index.js", "./backend": "./lib/aws-bucket.js", "./package.json": "./package.json" } }),
  files: ["lib/**/*.js", "lib/**/*.d.ts", ...(aws ? [] : ["docker"]), ".jsii", "README.md", "LICENSE", ...(aws ? [] : ["CHANGELOG.md"])],
  engines: own.engines,
  peerDependencies: peers,
  devDependencies: Object.fromEntries(Object.entries(peers).map(([name, range]) => [name, lowest(range)])),
  jsii: {
    outdir: "dist",
    tsc: { outDir: "lib", rootDir: "lib" },
    targets: {
      python: { distName: own.name, module: own.name.replace(/-/g, "_") },
    },
  },
};
process.stdout.write(JSON.stringify(pkg, null, 2) + "\n");
