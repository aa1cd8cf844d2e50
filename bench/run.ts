/**
 * npm run bench: synth and test speed, all measured in this run on this
 * machine, each figure the median of RUNS runs. Prints a table, writes it to
 * docs/synth-performance.md, and ends with one line per target.
 */
import { execFileSync, spawnSync } from "child_process";
import { mkdirSync, readFileSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { pythonFigures } from "./python";
import { Target, median, writeReport } from "./settle";

const RUNS = 7;
const ROOT = path.resolve(__dirname, "..");
// Compiled apart from dist/, which is what the package ships.
const OUT = path.join(ROOT, ".bench");
const CHILD = path.join(OUT, "bench", "synth-child.js");

interface Sample {
  ms: number;
  rssMb: number;
  jsonKb: number;
}

function child(...args: string[]): Sample {
  const start = process.hrtime.bigint();
  const out = execFileSync(process.execPath, [CHILD, ...args], { cwd: ROOT, encoding: "utf8" });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const sample = JSON.parse(out) as Sample;
  // Whole process, start-up included: what a user waits for.
  return { ...sample, ms: wallMs };
}

function measure(...args: string[]): Sample {
  const samples = Array.from({ length: RUNS }, () => child(...args));
  return {
    ms: median(samples.map((s) => s.ms)),
    rssMb: median(samples.map((s) => s.rssMb)),
    jsonKb: median(samples.map((s) => s.jsonKb)),
  };
}

function wall(command: string, args: string[], cwd = ROOT): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd, stdio: "ignore", env: { ...process.env, CI: "true" } });
    if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status})`);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

execFileSync("npx", ["--no-install", "tsc", "-p", "tsconfig.json", "--outDir", OUT], { cwd: ROOT, stdio: "inherit" });

const floor = measure("floor");
const local = measure("local");
const cluster = measure("cluster", "3");
const scaling = [1, 10, 100, 1000].map((n) => ({ n, ...measure("cluster", String(n)) }));
const cdktfSynth = wall(path.join(ROOT, "node_modules", ".bin", "cdktf"), ["synth"]);
// The app alone as cdktf.json runs it (TypeScript loader, both stacks, files written): what `cdktf synth` adds to the CLI's cost.
const appCommand = (JSON.parse(readFileSync(path.join(ROOT, "cdktf.json"), "utf8")) as { app: string }).app.split(" ");
const appAlone = wall(appCommand[0], appCommand.slice(1));
// The same CLI synthesizing an app with one empty stack: what any cdktf project pays before its own code runs.
const EMPTY_APP = path.join(OUT, "empty-app");
mkdirSync(EMPTY_APP, { recursive: true });
writeFileSync(
  path.join(EMPTY_APP, "cdktf.json"),
  JSON.stringify({ language: "typescript", app: "node main.js", sendCrashReports: "false" }),
);
writeFileSync(
  path.join(EMPTY_APP, "main.js"),
  'const { App, TerraformStack } = require("cdktf");\nconst app = new App();\nnew TerraformStack(app, "empty");\napp.synth();\n',
);
const emptySynth = wall(path.join(ROOT, "node_modules", ".bin", "cdktf"), ["synth"], EMPTY_APP);
const unitSuite = wall("npx", ["--no-install", "jest", "--silent"]);
const py = pythonFigures(ROOT, OUT);

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (x: number) => `${x.toFixed(0)} MB`;
const lines = [
  "# Synth performance",
  "",
  `Written by \`npm run bench\` (bench/run.ts); do not edit by hand. ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB,`,
  `Node ${process.version}. Each figure is the median of ${RUNS} runs in a fresh Node process on compiled JS`,
  "(start-up and module loading included).",
  "",
  "| what | time | peak RSS | JSON | × floor |",
  "|---|---|---|---|---|",
  `| floor: load cdktf, synth an empty stack | ${s(floor.ms)} | ${mb(floor.rssMb)} | ${floor.jsonKb.toFixed(0)} KB | 1.00 |`,
  `| local-stack | ${s(local.ms)} | ${mb(local.rssMb)} | ${local.jsonKb.toFixed(0)} KB | ${(local.ms / floor.ms).toFixed(2)} |`,
  `| cluster-stack, 3 workers | ${s(cluster.ms)} | ${mb(cluster.rssMb)} | ${cluster.jsonKb.toFixed(0)} KB | ${(cluster.ms / floor.ms).toFixed(2)} |`,
  ...scaling.map(
    (r) => `| cluster-stack, ${r.n} workers | ${s(r.ms)} | ${mb(r.rssMb)} | ${r.jsonKb.toFixed(0)} KB | ${(r.ms / floor.ms).toFixed(2)} |`,
  ),
  `| \`cdktf synth\` (both stacks, end to end) | ${s(cdktfSynth)} | | | |`,
  `| \`cdktf synth\` of an app with one empty stack (the CLI's own cost) | ${s(emptySynth)} | | | |`,
  `| the app alone, as cdktf.json runs it (\`${appCommand.join(" ")}\`) | ${s(appAlone)} | | | |`,
  `| unit suite (\`npx jest\`) | ${s(unitSuite)} | | | |`,
  "",
  "The README's app (a workbench with two workers) in both languages, each the median of 5 runs in a fresh process;",
  `Python's jsii kernel on Node ${py.node}:`,
  "",
  "| what | time |",
  "|---|---|",
  `| TypeScript: \`node -r tsx/cjs main.ts\` | ${s(py.typescriptSynthMs)} |`,
  `| Python: \`import cdktf_spark\` | ${s(py.importMs)} |`,
  `| Python: \`python main.py\` | ${s(py.pythonSynthMs)} |`,
  "",
  `A local-bucket Python app's environment: ${mb(py.environmentMb)}, of which the cdktf-spark wheel adds ${mb(py.installOverMb)}`,
  "over cdktf, constructs, the Docker and random bindings and jsii (no AWS bindings).",
  "",
];
const targets: Target[] = [
  ["cluster-stack synth time", cluster.ms, 500, s],
  ["cluster-stack synth RSS", cluster.rssMb, 120, mb],
  ["cluster-stack × floor", cluster.ms / floor.ms, 1.5, (v) => v.toFixed(2)],
  ["1000 workers synth time", scaling[3].ms, 1000, s],
  ["cdktf synth ÷ the CLI on an empty app", cdktfSynth / emptySynth, 1.2, (v) => `${v.toFixed(2)}×`],
  ["unit suite", unitSuite, 30000, s],
  ["Python app synth ÷ the TypeScript app's", py.pythonSynthMs / py.typescriptSynthMs, 3, (v) => `${v.toFixed(2)}×`],
  ["cdktf-spark wheel's install over cdktf and the bindings", py.installOverMb, 100, mb],
];
writeReport(ROOT, "synth-performance.md", lines, targets);
