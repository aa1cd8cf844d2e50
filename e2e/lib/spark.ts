/** What the e2e asks a running cluster: the master's /json view, jobs through spark-submit, the history server. */
import * as path from "path";
import { request } from "./http";
import { capture, fail, step } from "./shell";

interface MasterWorker {
  id: string;
  host: string;
  state: string;
  coresused: number;
}

export async function masterJson(uiUrl: string): Promise<{ workers: MasterWorker[] }> {
  const response = await request(`${uiUrl}/json/`);
  if (!response.ok) throw new Error(`master /json: HTTP ${response.status}`);
  return (await response.json()) as { workers: MasterWorker[] };
}

/** Number of distinct worker containers registered ALIVE. */
export async function aliveHosts(uiUrl: string): Promise<number> {
  const { workers } = await masterJson(uiUrl);
  return new Set(workers.filter((w) => w.state === "ALIVE").map((w) => w.host)).size;
}

/** The id of the ALIVE worker registered from container `host`, if any. */
export async function workerId(uiUrl: string, host: string): Promise<string | undefined> {
  const { workers } = await masterJson(uiUrl);
  return workers
    .filter((w) => w.host === host && w.state === "ALIVE")
    .map((w) => w.id)
    .pop();
}

export async function historyLists(uiUrl: string, appId: string): Promise<boolean> {
  const response = await request(`${uiUrl}/api/v1/applications`);
  return response.ok && (await response.text()).includes(`"${appId}"`);
}

/** Tasks each executor host ran for an application, from the history server (driver left out). */
export async function tasksByHost(historyUi: string, appId: string): Promise<Map<string, number>> {
  const response = await request(`${historyUi}/api/v1/applications/${appId}/allexecutors`);
  if (!response.ok) throw new Error(`allexecutors of ${appId}: HTTP ${response.status}`);
  const executors = (await response.json()) as { id: string; hostPort: string; totalTasks: number }[];
  const byHost = new Map<string, number>();
  for (const e of executors.filter((x) => x.id !== "driver")) {
    const host = e.hostPort.replace(/:\d+$/, "");
    byHost.set(host, (byHost.get(host) ?? 0) + e.totalTasks);
  }
  return byHost;
}

/**
 * Whether a running application's driver (its REST API at `driverApi`, …/api/v1/applications) has an executor
 * at one of `hosts` (address or container name) running a task now. Each request gives up after 5 s, so a poll
 * of it moves on from an answer the UI cut off.
 */
export async function runsTasksOn(driverApi: string, hosts: string[]): Promise<boolean> {
  const [app] = (await (await request(driverApi, {}, 5000)).json()) as { id: string }[];
  const executors = (await (await request(`${driverApi}/${app.id}/executors`, {}, 5000)).json()) as {
    hostPort: string;
    activeTasks: number;
  }[];
  return executors.some((e) => hosts.some((h) => e.hostPort.startsWith(`${h}:`)) && e.activeTasks > 0);
}

/**
 * Task attempts of an application that failed on `host` (default: anywhere), with Spark's reason, from the history
 * server's task lists (per stage: the executor summaries miss tasks that end after their executor is removed).
 */
export async function failedTasksOn(historyUi: string, appId: string, host?: string): Promise<string[]> {
  const api = `${historyUi}/api/v1/applications/${appId}`;
  const stages = (await (await request(`${api}/stages`)).json()) as { stageId: number; attemptId: number }[];
  const failed: string[] = [];
  for (const s of stages) {
    const tasks = (await (await request(`${api}/stages/${s.stageId}/${s.attemptId}/taskList?length=10000`)).json()) as {
      host: string;
      status: string;
      errorMessage?: string;
    }[];
    for (const t of tasks) if ((host === undefined || t.host === host) && t.status === "FAILED") failed.push(t.errorMessage ?? "");
  }
  return failed;
}

export interface JobResult {
  rows: number;
  master: string;
  appId: string;
  committer: string;
}

/**
 * Runs e2e/job.py with spark-submit inside the driver container (client
 * mode): writes `rows` rows to `target` on s3a and reads them back.
 */
export function submit(name: string, driver: string, masterUrl: string, target: string, rows: number): JobResult {
  return parseJob(name, step(name, "docker", jobCommand(name, driver, masterUrl, target, rows)));
}

/**
 * Copies e2e/job.py into `driver` and returns the `docker` arguments that spark-submit it there,
 * with `conf` as extra `--conf` settings of this job.
 */
export function jobCommand(
  name: string,
  driver: string,
  masterUrl: string,
  target: string,
  rows: number,
  conf: Record<string, string> = {},
  cores = 2,
  tasks?: { partitions: number; seconds: number },
): string[] {
  step(`${name}-copy`, "docker", ["cp", path.join(__dirname, "..", "job.py"), `${driver}:/tmp/job.py`]);
  return [
    "exec",
    driver,
    "spark-submit",
    "--master",
    masterUrl,
    "--total-executor-cores",
    String(cores),
    "--executor-memory",
    "512m",
    ...Object.entries(conf).flatMap(([k, v]) => ["--conf", `${k}=${v}`]),
    "/tmp/job.py",
    target,
    String(rows),
    ...(tasks ? [String(tasks.partitions), String(tasks.seconds)] : []),
  ];
}

export function parseJob(name: string, out: string): JobResult {
  const match = /E2E_ROWS (\d+) master=(\S+) app=(\S+) committer=(\S+)/.exec(out);
  if (!match) fail(`${name}: the job printed no E2E_ROWS line`);
  return { rows: Number(match[1]), master: match[2], appId: match[3], committer: match[4] };
}

/** Names of the applications the master runs now. */
export async function activeApps(uiUrl: string): Promise<string[]> {
  const response = await request(`${uiUrl}/json/`);
  const json = (await response.json()) as { activeapps: { name: string }[] };
  return json.activeapps.map((a) => a.name);
}

/** Names of every application the master knows, running or completed. */
export async function appNames(uiUrl: string): Promise<string[]> {
  const response = await request(`${uiUrl}/json/`);
  const json = (await response.json()) as { activeapps: { name: string }[]; completedapps: { name: string }[] };
  return [...json.activeapps, ...json.completedapps].map((a) => a.name);
}

export const containerId = (name: string) => capture("docker", ["inspect", "-f", "{{.Id}}", name]);
export const restartCount = (name: string) => Number(capture("docker", ["inspect", "-f", "{{.RestartCount}}", name]));

/**
 * What the Spark image may add to its base, by layer: the jars (s3a, the
 * catalog's JDBC driver; issue 9's budget), more with Delta and Iceberg; and
 * the Python data stack (with the scipy stack and plotly since 0.11.0, ~350 MB more; Delta 4.4 brings its kernel jars).
 */
export const IMAGE_LAYER_LIMITS_MB = { jars: 60, jarsWithTableFormats: 200, python: 850 };

/** The size in MB of the image's layer that `stepFile` (a script its Dockerfile runs) made, as either builder records the step. */
export function layerMb(image: string, stepFile: string): number {
  const line = capture("docker", ["history", "--no-trunc", "--format", "{{.Size}}\t{{.CreatedBy}}", image])
    .split("\n")
    .find((l) => l.includes(`sh /usr/local/lib/cdktf-spark/${stepFile}`));
  if (!line) fail(`${image} has no layer made by ${stepFile}`);
  const [value, unit] = /^([\d.]+)\s*([kMG]?B)/.exec(line)!.slice(1);
  return Math.round(Number(value) * ({ B: 1e-6, kB: 1e-3, MB: 1, GB: 1e3 } as Record<string, number>)[unit]);
}

/** Size of a library Spark image, what it adds to its base, and its jars and Python layers; fails the run over a budget. */
export function imageOverhead(
  image: string,
  base: string,
  tableFormats = false,
): { size: number; overhead: number; jars: number; python: number } {
  const imageMb = (i: string) => Number(capture("docker", ["image", "inspect", "-f", "{{.Size}}", i])) / 1e6;
  const jars = layerMb(image, "s3a-jars.sh");
  const python = layerMb(image, "python-env.sh");
  const jarsLimit = tableFormats ? IMAGE_LAYER_LIMITS_MB.jarsWithTableFormats : IMAGE_LAYER_LIMITS_MB.jars;
  if (jars > jarsLimit) fail(`${image}'s jars layer is ${jars} MB (limit ${jarsLimit} MB)`);
  if (python > IMAGE_LAYER_LIMITS_MB.python)
    fail(`${image}'s Python data stack layer is ${python} MB (limit ${IMAGE_LAYER_LIMITS_MB.python} MB)`);
  return { size: Math.round(imageMb(image)), overhead: Math.round(imageMb(image) - imageMb(base)), jars, python };
}

/** The Java processes running in `container`, and how many of them map the image's class-data-sharing archive. */
export function jvmsOnArchive(container: string): { jvms: number; mapped: number } {
  const out = capture("docker", [
    "exec",
    container,
    "sh",
    "-c",
    'for p in /proc/[0-9]*; do case "$(readlink "$p/exe" 2>/dev/null)" in */java) if grep -qF /opt/spark/cds/spark.jsa "$p/maps" 2>/dev/null; then echo mapped; else echo plain; fi;; esac; done',
  ]);
  const lines = out.split("\n").filter(Boolean);
  return { jvms: lines.length, mapped: lines.filter((l) => l === "mapped").length };
}

/**
 * Python for a notebook cell: prints `CDS_DRIVER <bool>` for the kernel's JVM and `CDS_EXECUTORS <json>`,
 * per executor host, whether the executor JVM that ran a task maps the class-data-sharing archive.
 */
export const CDS_CELL = [
  "import json as _json, os as _os, socket as _socket",
  "def _exe(p):",
  "    try: return _os.readlink(f'/proc/{p}/exe')",
  "    except OSError: return ''",
  "def _ppid(p): return int(open(f'/proc/{p}/stat').read().rsplit(')', 1)[1].split()[1])",
  "def _on_archive(p): return '/opt/spark/cds/spark.jsa' in open(f'/proc/{p}/maps').read()",
  "def _ancestors(p):",
  "    while p > 1:",
  "        yield p",
  "        p = _ppid(p)",
  "def _jvm_above(p): return next(a for a in _ancestors(p) if _exe(a).endswith('/java'))",
  "_mine = [int(p) for p in _os.listdir('/proc') if p.isdigit() and _exe(p).endswith('/java') and _os.getpid() in _ancestors(int(p))]",
  "print('CDS_DRIVER', bool(_mine) and all(_on_archive(p) for p in _mine))",
  "_seen = sc.parallelize(range(8), 8).map(lambda _: (_socket.gethostname(), _on_archive(_jvm_above(_os.getpid())))).distinct().collect()",
  "print('CDS_EXECUTORS', _json.dumps(sorted(_seen)))",
].join("\n");
