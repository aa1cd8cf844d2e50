/**
 * npm run bench:deploy: how fast cluster-stack comes up, three ways, on the
 * same images, health checks and start order, warm, in one run:
 *   (a) `cdktf deploy cluster-stack`,
 *   (a') `npm run up -- cluster-stack` (the README's first command: checks, in-process synth, terraform apply),
 *   (b) `terraform apply` on the synthesized stack,
 *   (c) `docker-compose up -d` on the compose twin written from Terraform's state (bench/compose.ts).
 * Each from nothing to all workers ALIVE on the master, and to a first job
 * done (spark-submit from JupyterLab's container, 100k rows to s3a and back,
 * submitted as soon as the workers are ALIVE); RUNS runs each, interleaved,
 * medians reported. Plus a no-change `cdktf deploy`, a per-resource timeline
 * of (a), and each library image built cold. Writes docs/deploy-performance.md
 * and ends with one `target …` line per target.
 *
 * Run by bench/prepare.sh, which prepares the machine as `npm run up` does.
 */
import { ChildProcess, spawn } from "child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { composeFromState } from "./compose";
import { Target, cpuSeconds as stackCpu, median, settled as stackSettled, writeReport } from "./settle";
import { aliveHosts, jobCommand, parseJob } from "../e2e/lib/spark";
import { attempt, capture, log, step, withoutColour } from "../e2e/lib/shell";
import { sleep } from "../e2e/lib/wait";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ROOT = path.resolve(__dirname, "..");
const STACK = "cluster-stack";
const STACK_DIR = path.join(ROOT, "cdktf.out", "stacks", STACK);
const COMPOSE_DIR = path.join(ROOT, ".bench", "compose");
const COMPOSE_PROJECT = "bench-compose";
const cpuSeconds = () => stackCpu(`${STACK}-`);
const settled = () => stackSettled(`${STACK}-`);
const DEPLOY_FLAGS = (process.env.WORKBENCH_DEPLOY_FLAGS ?? "").split(" ").filter(Boolean);
function timed(fn: () => void): number {
  const t = Date.now();
  fn();
  return (Date.now() - t) / 1000;
}

interface Way {
  readonly key: "cdktf" | "up" | "terraform" | "compose";
  readonly label: string;
  readonly up: [string, string[]];
  down(): void;
}

const cdktf = (verb: string) => ["npx", ["--no-install", "cdktf", verb, STACK, "--auto-approve", ...DEPLOY_FLAGS]] as [string, string[]];
const workbench = (verb: string) => ["bash", ["scripts/workbench.sh", verb, STACK]] as [string, string[]];
const WAYS: Way[] = [
  {
    key: "cdktf",
    label: "`cdktf deploy cluster-stack`",
    up: cdktf("deploy"),
    down: () => step("bench-cdktf-destroy", ...cdktf("destroy")),
  },
  // What the README's first command runs: machine checks, in-process synth, terraform apply.
  { key: "up", label: "`npm run up -- cluster-stack`", up: workbench("up"), down: () => step("bench-up-down", ...workbench("down")) },
  {
    key: "terraform",
    label: "`terraform apply` (synthesized stack)",
    up: ["terraform", [`-chdir=${STACK_DIR}`, "apply", "-auto-approve", "-input=false"]],
    down: () => step("bench-terraform-destroy", "terraform", [`-chdir=${STACK_DIR}`, "destroy", "-auto-approve", "-input=false"]),
  },
  {
    key: "compose",
    label: "`docker-compose up -d` (same containers)",
    up: ["docker-compose", ["-p", COMPOSE_PROJECT, "-f", path.join(COMPOSE_DIR, "docker-compose.json"), "up", "-d"]],
    down: () =>
      step("bench-compose-down", "docker-compose", [
        "-p",
        COMPOSE_PROJECT,
        "-f",
        path.join(COMPOSE_DIR, "docker-compose.json"),
        "down",
        "-v",
      ]),
  },
];

const way = (key: Way["key"]) => WAYS.find((w) => w.key === key) as Way;

/** What the stack says about itself (its outputs are plain values in cluster-stack's synthesized JSON). */
function stackFacts() {
  const json = JSON.parse(readFileSync(path.join(STACK_DIR, "cdk.tf.json"), "utf8"));
  const out = (name: string): string => json.output[name].value;
  return {
    masterUi: out("spark_master_ui"),
    masterUrl: out("spark_master_url"),
    workers: Object.keys(Object.values<any>(json.resource.docker_container).find((c) => c.for_each)?.for_each ?? {}).length,
    jupyter: out("spark_jupyter_container"),
    bucket: out("spark_bucket_name"),
    s3Endpoint: out("spark_s3_endpoint"),
    images: Object.values<any>(json.resource.docker_image),
  };
}

interface Sample {
  alive: number;
  job: number;
  returned: number;
  healthy: number;
  lines: [number, string][];
  cpu: Record<string, number>;
  idleJob?: number;
}

const containerNames = () =>
  capture("docker", ["ps", "-a", "--format", "{{.Names}}"])
    .split("\n")
    .filter((n) => n.startsWith(`${STACK}-`));

async function allHealthy(): Promise<boolean> {
  const names = containerNames();
  if (!names.length) return false;
  const states = capture("docker", [
    "inspect",
    "-f",
    "{{.Name}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}",
    ...names,
  ]).split("\n");
  // One-shot containers have no health check and exit; every other one must be healthy.
  return states.every((s) => / healthy$/.test(s) || / exited ?$/.test(s));
}

/** Any HTTP answer (S3 says 403 without credentials): the server is up. */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return true;
  } catch {
    return false;
  }
}

function exitOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => child.on("close", (code) => resolve(code ?? 1)));
}

/** spark-submit of e2e/job.py in JupyterLab's container (client mode): 100k rows to s3a and back, checked. */
async function firstJob(facts: ReturnType<typeof stackFacts>, label: string): Promise<void> {
  const job = spawn(
    "docker",
    jobCommand(`bench-job-${label}`, facts.jupyter, facts.masterUrl, `s3a://${facts.bucket}/bench/${label}`, 100000),
  );
  let out = "";
  job.stdout.on("data", (d) => (out += d));
  job.stderr.on("data", (d) => (out += d));
  const code = await exitOf(job);
  writeFileSync(path.join(ROOT, ".e2e", "logs", `bench-job-${label}.log`), out);
  if (code !== 0) throw new Error(`${label}: the job failed (exit ${code}):\n${out.split("\n").slice(-20).join("\n")}`);
  if (parseJob(`bench-job-${label}`, out).rows !== 100000) throw new Error(`${label}: the job read back the wrong row count`);
}

/** One deploy from nothing: ALIVE, first job, command returned, all healthy; times from the start. */
async function sample(way: Way, facts: ReturnType<typeof stackFacts>, index: number): Promise<Sample> {
  const t0 = Date.now();
  const at = () => (Date.now() - t0) / 1000;
  const lines: [number, string][] = [];
  const child = spawn(way.up[0], way.up[1], { cwd: ROOT, env: { ...process.env, CI: "true", NO_COLOR: "1", FORCE_COLOR: "0" } });
  let output = "";
  const onData = (d: Buffer) => {
    output += d;
    for (const line of d.toString().split("\n")) if (line.trim()) lines.push([at(), line]);
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = exitOf(child).then((code) => ({ code, when: at() }));

  let alive = 0;
  while (!alive) {
    if (at() > 300) throw new Error(`${way.key}: workers not ALIVE within 300 s`);
    try {
      if ((await aliveHosts(facts.masterUi)) >= facts.workers) alive = at();
    } catch {
      /* master not up yet */
    }
    if (!alive) await sleep(200);
  }
  // The driver's container must run and the bucket answer; they start beside the master.
  while (attempt("bench-jupyter-state", "docker", ["inspect", "-f", "{{.State.Running}}", facts.jupyter]).output.trim() !== "true")
    await sleep(200);
  while (!(await answers(facts.s3Endpoint))) await sleep(200);
  await firstJob(facts, `${way.key}-${index}`);
  const jobDone = at();

  const { code, when } = await exited;
  writeFileSync(path.join(ROOT, ".e2e", "logs", `bench-up-${way.key}-${index}.log`), output);
  if (code !== 0) throw new Error(`${way.key}: ${way.up.join(" ")} exited ${code}:\n${output.split("\n").slice(-30).join("\n")}`);
  while (!(await allHealthy())) {
    if (at() > 300) throw new Error(`${way.key}: containers not all healthy within 300 s`);
    await sleep(200);
  }
  const healthy = at();
  const cpu = cpuSeconds();
  // The same job once more on the now idle cluster: what the job itself costs here.
  let idleJob: number | undefined;
  if (way.key === "cdktf") {
    const t = Date.now();
    await firstJob(facts, `${way.key}-${index}-idle`);
    idleJob = (Date.now() - t) / 1000;
  }
  return { alive, job: jobDone, returned: when, healthy, lines, cpu, idleJob };
}

function cpuRows(a: Sample, b: Sample): string[] {
  const names = [...new Set([...Object.keys(a.cpu), ...Object.keys(b.cpu)])].sort((x, y) => (a.cpu[y] ?? 0) - (a.cpu[x] ?? 0));
  const total = (s: Sample) => Object.values(s.cpu).reduce((x, y) => x + y, 0);
  return [
    ...names.map((n) => `| ${n} | ${(a.cpu[n] ?? 0).toFixed(1)} s | ${(b.cpu[n] ?? 0).toFixed(1)} s |`),
    `| all, over ${a.healthy.toFixed(0)} s and ${b.healthy.toFixed(0)} s | ${total(a).toFixed(1)} s | ${total(b).toFixed(1)} s |`,
  ];
}

/** Terraform's "Creating..." and "Creation complete" lines as start and end per resource. */
function timeline(lines: [number, string][]): [string, number, number][] {
  const rows = new Map<string, [number, number]>();
  for (const [t, line] of lines) {
    // "docker_container.spark_master_container_1652F72B (spark/master/container): Creating...";
    // and for_each instances "docker_container.spark_worker_container_6A90D78D (spark/worker/container)["1"]: Creating..."
    const m = /(\S+\.\S+?)(?: \(([^)]+)\)(\[[^\]]+\])?)?: (Creating\.\.\.|Creation complete after)/.exec(withoutColour(line));
    if (!m) continue;
    const name = `${m[2] ?? m[1].replace(/^\w+\./, "")}${m[3] ?? ""}`;
    const entry = rows.get(name) ?? [t, t];
    if (m[4].startsWith("Creating")) entry[0] = t;
    else entry[1] = t;
    rows.set(name, entry);
  }
  return [...rows.entries()]
    .filter(([r]) => !/(secret|token|key-id|access-key)$/.test(r))
    .map(([r, [a, b]]) => [r, a, b] as [string, number, number])
    .sort((x, y) => x[1] - y[1] || x[2] - y[2]);
}

async function main(): Promise<void> {
  log("synth");
  step("bench-synth", "npx", ["--no-install", "cdktf", "synth"]);
  let facts = stackFacts();

  // Nothing of this stack may run: a deploy from nothing is what is measured.
  const composed = capture("docker", ["ps", "-aq", "--filter", `label=com.docker.compose.project=${COMPOSE_PROJECT}`]);
  if (composed && existsSync(path.join(COMPOSE_DIR, "docker-compose.json"))) way("compose").down();
  if (containerNames().length) way("cdktf").down();

  log("library images, cold (docker build --no-cache, same Dockerfiles and build args as the stack)");
  const cold: [string, number][] = [];
  if (process.env.BENCH_COLD === "0") log("  not measured in this run (BENCH_COLD=0): its targets report MISS");
  else
    for (const image of [...facts.images].sort(
      (a, b) => Number(a.build.context.includes("jupyter")) - Number(b.build.context.includes("jupyter")),
    )) {
      const args = Object.entries<string>(image.build.build_args).flatMap(([k, v]) => ["--build-arg", `${k}=${v}`]);
      // The context is relative to the stack's directory, where Terraform runs.
      const context = path.resolve(STACK_DIR, image.build.context);
      cold.push([
        image.name,
        timed(() => step(`bench-cold-${image.name.split(":")[0]}`, "docker", ["build", "--no-cache", "-t", image.name, ...args, context])),
      ]);
      log(`  ${image.name}: ${cold[cold.length - 1][1].toFixed(0)} s`);
    }

  log("first deploy (warms Terraform's plugin cache, writes the compose twin), no-change deploys");
  step("bench-warm-deploy", ...cdktf("deploy"));
  facts = stackFacts();
  await settled();
  const noChange: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    noChange.push(
      timed(() => {
        const out = step(`bench-no-change-${i}`, ...cdktf("deploy"));
        if (!/No changes/.test(out))
          throw new Error(`a redeploy without changes planned changes:\n${out.split("\n").slice(-30).join("\n")}`);
      }),
    );
  }
  const noChangeUp: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    noChangeUp.push(
      timed(() => {
        const out = step(`bench-no-change-up-${i}`, ...workbench("up"));
        if (!/No changes/.test(out))
          throw new Error(`npm run up without changes planned changes:\n${out.split("\n").slice(-30).join("\n")}`);
      }),
    );
  }
  rmSync(COMPOSE_DIR, { recursive: true, force: true });
  composeFromState(
    JSON.parse(
      step("bench-state", "terraform", [`-chdir=${STACK_DIR}`, "show", "-json"])
        .split("\n")
        .find((l) => l.startsWith("{"))!,
    ),
    COMPOSE_DIR,
  );
  way("cdktf").down();

  const samples: Record<Way["key"], Sample[]> = { cdktf: [], up: [], terraform: [], compose: [] };
  for (let i = 1; i <= RUNS; i++) {
    for (const way of WAYS) {
      log(`${way.key} run ${i}/${RUNS}`);
      const s = await sample(way, facts, i);
      samples[way.key].push(s);
      log(
        `  ALIVE ${s.alive.toFixed(1)} s, first job ${s.job.toFixed(1)} s, returned ${s.returned.toFixed(1)} s, all healthy ${s.healthy.toFixed(1)} s`,
      );
      way.down();
    }
  }
  rmSync(path.join(COMPOSE_DIR, "files"), { recursive: true, force: true });

  const med = (key: Way["key"], field: "alive" | "job" | "returned" | "healthy") => median(samples[key].map((s) => s[field]));
  const s1 = (x: number) => `${x.toFixed(1)} s`;
  // The timeline of the median cdktf run by ALIVE.
  const typical = [...samples.cdktf].sort((a, b) => a.alive - b.alive)[Math.floor(samples.cdktf.length / 2)];
  const tl = timeline(typical.lines);
  const lines = [
    "# Deploy performance",
    "",
    `Written by \`npm run bench:deploy\` (bench/deploy.ts) on ${new Date().toISOString().slice(0, 10)}; do not edit by hand.`,
    `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Docker ${capture("docker", ["version", "--format", "{{.Server.Version}}"])}, ${capture("docker-compose", ["version", "--short"])} (docker-compose),`,
    `${capture("terraform", ["version"]).split("\n")[0]}. cluster-stack with its defaults (${facts.workers} workers), warm images; medians of ${RUNS} runs, interleaved.`,
    "Times from the command's start. A first job is submitted as soon as the workers are ALIVE (spark-submit in",
    "JupyterLab's container, client mode: 100k rows to s3a and back, row count checked). The compose file is written",
    "from Terraform's state: same images, commands, environment, configuration files, health checks, limits and",
    "start order (`depends_on` conditions where Terraform waits).",
    "",
    "| way | → all workers ALIVE | → first job done | → command returned | → every container healthy |",
    "|---|---|---|---|---|",
    ...WAYS.map(
      (w) =>
        `| ${w.label} | ${s1(med(w.key, "alive"))} | ${s1(med(w.key, "job"))} | ${s1(med(w.key, "returned"))} | ${s1(med(w.key, "healthy"))} |`,
    ),
    "",
    `No-change \`cdktf deploy cluster-stack\` on the settled stack: ${s1(median(noChange))} (runs: ${noChange.map((x) => x.toFixed(1)).join(", ")}).`,
    `No-change \`npm run up -- cluster-stack\`, machine checks included: ${s1(median(noChangeUp))} (runs: ${noChangeUp.map((x) => x.toFixed(1)).join(", ")}).`,
    "",
    `The same job again once every container is healthy and idle (after each \`cdktf deploy\` run): ${s1(median(samples.cdktf.map((x) => x.idleJob ?? 0)))} — what the job`,
    "itself costs on this machine, start-up ordering aside.",
    "",
    "Library images built cold (`docker build --no-cache`, base images present):",
    "",
    "| image | build |",
    "|---|---|",
    ...cold.map(([name, t]) => `| \`${name}\` | ${s1(t)} |`),
    "",
    "## Where the CPU went",
    "",
    `CPU seconds each container used from the start to every container healthy (${os.cpus().length} cores: ${os.cpus().length} CPU seconds per second at most), in the median runs.`,
    "",
    "| container | `cdktf deploy` | `docker-compose up` |",
    "|---|---|---|",
    ...cpuRows(typical, [...samples.compose].sort((a, b) => a.alive - b.alive)[Math.floor(samples.compose.length / 2)]),
    "",
    "## Timeline of a `cdktf deploy` (the median run)",
    "",
    `Before the first resource: ${s1(tl[0]?.[1] ?? 0)} (cdktf synth, terraform init and plan). ALIVE at ${s1(typical.alive)}, first job done at ${s1(typical.job)}.`,
    "",
    "| construct | creating | created |",
    "|---|---|---|",
    ...tl.map(([r, a, b]) => `| \`${r}\` | ${s1(a)} | ${s1(b)} |`),
    "",
  ];
  const aliveA = med("cdktf", "alive");
  const aliveB = med("terraform", "alive");
  const aliveC = med("compose", "alive");
  const targets: Target[] = [
    ["cdktf deploy → workers ALIVE", aliveA, 25, s1],
    ["cdktf deploy → workers ALIVE ÷ compose", aliveA / aliveC, 1.2, (v) => `${v.toFixed(2)}×`],
    ["terraform apply → workers ALIVE ÷ compose", aliveB / aliveC, 1.2, (v) => `${v.toFixed(2)}×`],
    ["cdktf deploy → first job done", med("cdktf", "job"), 45, s1],
    ["npm run up → workers ALIVE ÷ compose", med("up", "alive") / aliveC, 1.2, (v) => `${v.toFixed(2)}×`],
    ["no-change cdktf deploy", median(noChange), 10, s1],
    ["no-change npm run up", median(noChangeUp), 5, s1],
    ...(cold.length ? cold : facts.images.map((i) => [i.name, Infinity] as [string, number])).map(
      ([name, t]) => [`cold build ${name.split(":")[0]}`, t, 60, s1] as [string, number, number, (v: number) => string],
    ),
  ];
  writeReport(ROOT, "deploy-performance.md", lines, targets);
}

main().catch((error) => {
  log(`FAILED: ${error?.message ?? error}`);
  process.exit(1);
});
