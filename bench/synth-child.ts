/**
 * One measured synth in a fresh process: prints JSON with wall time since
 * process start (module loading included), peak RSS and output size.
 * Usage: node .bench/bench/synth-child.js floor|local|cluster [workers]
 */
import { performance } from "perf_hooks";

const [kind, workers] = process.argv.slice(2);
// Loaded lazily so "floor" pays for cdktf alone.
/* eslint-disable @typescript-eslint/no-require-imports */
const { Testing, TerraformStack } = require("cdktf") as typeof import("cdktf");
const app = Testing.app();
let json: string;
if (kind === "floor") {
  json = Testing.synth(new TerraformStack(app, "empty"));
} else if (kind === "local") {
  const { LocalStack } = require("../stacks/local-stack") as typeof import("../stacks/local-stack");
  json = Testing.synth(new LocalStack(app, "local-stack"));
} else {
  const { ClusterStack } = require("../stacks/cluster-stack") as typeof import("../stacks/cluster-stack");
  const count = Number(workers ?? 3);
  // Past a few workers the default UI ports would reach JupyterLab's; move them out of the way.
  json = Testing.synth(new ClusterStack(app, "cluster-stack", { workers: count, workerUiPortBase: count > 700 ? 20000 : undefined }));
}
console.log(
  JSON.stringify({
    ms: performance.now(),
    rssMb: process.resourceUsage().maxRSS / 1024,
    jsonKb: Buffer.byteLength(json) / 1024,
  }),
);
