/**
 * Upgrading a running workbench, as a team does: its own app (e2e/upgrade/main.ts: a cluster and a
 * local-mode workbench) installs the previous release's tarball, packed from its commit in releases.json, and deploys;
 * work goes in (notebooks, bucket objects, an event log, catalog tables); the app installs this
 * checkout's tarball; the plan destroys or replaces exactly what the CHANGELOG's "Upgrade from"
 * line says; deploy; every notebook, object, event log and table is still there and readable.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as path from "path";
import { OtherApp, deployFlags, output, planIsClean } from "../lib/deploy";
import { Figures } from "../lib/figures";
import { Jupyter } from "../lib/kernel";
import { request } from "../lib/http";
import { ROOT, attempt, capture, fail, step } from "../lib/shell";
import { historyLists } from "../lib/spark";
import { since, waitFor } from "../lib/wait";

export const UPGRADE_STACKS = ["upgrade-cluster", "upgrade-local"] as const;
const WORK = path.join(ROOT, ".e2e", "upgrade");
const APP_DIR = path.join(WORK, "app");
const APP: OtherApp = { command: "npx tsx main.ts", out: path.join(APP_DIR, "cdktf.out") };
const ROWS = 4000;
const SESSION = "from pyspark.sql import SparkSession\nspark = SparkSession.builder.getOrCreate()";

const semver = (v: string) => v.split(".").map(Number);
const older = (a: string, b: string) => {
  const [x, y] = [semver(a), semver(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
};

/**
 * The release before this checkout's version, and its commit, from releases.json (`npm run release` records each
 * release's commit there: tags never reach the repository, only the branch does).
 */
export function previousRelease(): { version: string; ref: string; how: string } {
  const current = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).version as string;
  const releases = JSON.parse(readFileSync(path.join(ROOT, "releases.json"), "utf8")) as { version: string; commit: string }[];
  const earlier = releases.filter((r) => older(r.version, current) < 0).sort((a, b) => older(a.version, b.version));
  const previous = earlier[earlier.length - 1] ?? fail(`releases.json names no release before ${current}`);
  return { version: previous.version, ref: previous.commit, how: `releases.json (${previous.commit.slice(0, 12)})` };
}

/** The previous release's tarball, packed from its source as the README says (`npm pack`). */
function packRelease(ref: string): string {
  const source = path.join(WORK, "release-src");
  attempt("upgrade-worktree-remove", "git", ["worktree", "remove", "--force", source]);
  rmSync(source, { recursive: true, force: true });
  step("upgrade-worktree", "git", ["worktree", "add", "--detach", source, ref]);
  // Its dependencies as its lock file has them; this checkout's node_modules when the locks agree (but for the own version).
  const deps = (lock: string) => {
    const j = JSON.parse(lock);
    delete j.version;
    delete j.packages[""].version;
    return JSON.stringify(j);
  };
  if (
    deps(readFileSync(path.join(source, "package-lock.json"), "utf8")) === deps(readFileSync(path.join(ROOT, "package-lock.json"), "utf8"))
  ) {
    step("upgrade-release-modules", "ln", ["-s", path.join(ROOT, "node_modules"), path.join(source, "node_modules")]);
  } else {
    step("upgrade-release-npm-ci", "npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: source });
  }
  return pack(source, "upgrade-pack-release");
}

function pack(dir: string, label: string): string {
  const name = step(label, "npm", ["pack", "--silent", "--pack-destination", WORK], { cwd: dir }).trim().split("\n").pop() as string;
  return path.join(WORK, name);
}

const cdktfArgs = (verb: string, stacks: readonly string[]) => [
  "--no-install",
  "cdktf",
  verb,
  ...stacks,
  "--auto-approve",
  ...deployFlags(),
];
const cdktf = (label: string, verb: string) => step(label, "npx", cdktfArgs(verb, UPGRADE_STACKS), { cwd: APP_DIR });

/** What a team's notebooks hold: counted and read back after the upgrade. */
interface Work {
  notebooks: number;
  objects: number;
  apps: string[];
}

async function putWorkIn(stack: string, lab: Jupyter, bucket: string, historyUi?: string): Promise<Work> {
  for (const i of [1, 2]) {
    if (![200, 201].includes(await lab.saveNotebook(`upgrade-${i}.ipynb`, `print("notebook ${i}")`)))
      fail(`${stack}: could not save notebook ${i}`);
  }
  const out = await lab.run(
    [
      // The session by hand: 0.8.0's predefined one can fail to start in the background (fixed in 0.9.0).
      SESSION,
      `spark.range(${ROWS}).write.mode("overwrite").parquet("s3a://${bucket}/upgrade/rows")`,
      `spark.sql("DROP TABLE IF EXISTS upgrade_sales")`,
      `spark.sql("CREATE TABLE upgrade_sales USING parquet AS SELECT id, id % 7 AS shop FROM range(${ROWS})")`,
      `print("APP", spark.sparkContext.applicationId)`,
      `print("TABLES", sorted(t.name for t in spark.catalog.listTables()))`,
      // Stopping writes the event log in full (no .inprogress) for the history server.
      "spark.stop()",
    ].join("\n"),
  );
  const app = /APP (\S+)/.exec(out)?.[1];
  if (!app || !out.includes("upgrade_sales")) fail(`${stack}: the notebook did not write its table: ${out}`);
  const apps: string[] = [];
  if (historyUi) {
    await waitFor(`${stack}: the history server lists ${app}`, 120, () => historyLists(historyUi, app));
    apps.push(app);
  }
  return { notebooks: await lab.countNotebooks(), objects: await lab.countFiles(`s3a://${bucket}/`), apps };
}

async function stillThere(
  stack: string,
  lab: Jupyter,
  bucket: string,
  before: Work,
  historyUi?: string,
): Promise<{ before: number; after: number }> {
  if ((await lab.status("/api/status")) !== 200) fail(`${stack}: JupyterLab refused the token in the stack's outputs after the upgrade`);
  const notebooks = await lab.countNotebooks();
  const objects = await lab.countFiles(`s3a://${bucket}/`);
  const read = await lab.run(
    [
      SESSION,
      `print("ROWS", spark.read.parquet("s3a://${bucket}/upgrade/rows").count())`,
      `print("TABLE", spark.table("upgrade_sales").count())`,
      "spark.stop()",
    ].join("\n"),
  );
  if (!read.includes(`ROWS ${ROWS}`) || !read.includes(`TABLE ${ROWS}`))
    fail(`${stack}: after the upgrade the rows or the table are not readable: ${read}`);
  for (const app of before.apps) {
    const listed = (await (await request(`${historyUi}/api/v1/applications/${app}/jobs`)).json()) as unknown[];
    if (!Array.isArray(listed) || listed.length === 0) fail(`${stack}: the history server no longer shows ${app}'s jobs`);
  }
  // More is fine (nothing here removes a file); fewer is a loss.
  const lost = Math.max(0, before.notebooks - notebooks) + Math.max(0, before.objects - objects);
  if (lost)
    fail(`${stack}: the upgrade lost files: notebooks ${before.notebooks} -> ${notebooks}, bucket objects ${before.objects} -> ${objects}`);
  return { before: before.notebooks + before.objects, after: notebooks + objects };
}

/** The Docker objects and volumes the scenario's stacks left, removed (they are named after the stacks). */
function removeLeftovers(): void {
  for (const stack of UPGRADE_STACKS) {
    const state = path.join(APP_DIR, `terraform.${stack}.tfstate`);
    if (existsSync(state) && /"resources": \[\s*\{/.test(readFileSync(state, "utf8"))) {
      attempt(`upgrade-destroy-leftover-${stack}`, "npx", cdktfArgs("destroy", [stack]), { cwd: APP_DIR });
    }
  }
  const volumes = capture("docker", ["volume", "ls", "--format", "{{.Name}}"])
    .split("\n")
    .filter((v) => /^upgrade-(cluster|local)-/.test(v));
  if (volumes.length) capture("docker", ["volume", "rm", "--force", ...volumes]);
}

export async function upgradeScenario(figures: Figures): Promise<void> {
  mkdirSync(WORK, { recursive: true });
  if (existsSync(APP_DIR)) removeLeftovers();
  rmSync(APP_DIR, { recursive: true, force: true });
  mkdirSync(APP_DIR, { recursive: true });

  const previous = previousRelease();
  const current = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).version as string;
  let start = Date.now();
  const released = packRelease(previous.ref);
  const upgraded = pack(ROOT, "upgrade-pack-current");
  figures.add(`tarballs of ${previous.version} (from ${previous.how}) and ${current} packed`, since(start), "s");

  // The team's app, as the README's "Use it in your own project" builds one.
  copyFileSync(path.join(__dirname, "..", "upgrade", "main.ts"), path.join(APP_DIR, "main.ts"));
  writeFileSync(
    path.join(APP_DIR, "cdktf.json"),
    JSON.stringify(
      { language: "typescript", app: APP.command, terraformProviders: [], terraformModules: [], sendCrashReports: "false" },
      null,
      2,
    ),
  );
  writeFileSync(path.join(APP_DIR, "package.json"), JSON.stringify({ name: "team-spark", private: true }, null, 2));
  start = Date.now();
  step(
    "upgrade-install-release",
    "npm",
    [
      "install",
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      released,
      "cdktf@^0.21",
      "cdktf-cli@^0.21",
      "constructs@^10",
      "@cdktf/provider-docker@^12",
      "@cdktf/provider-random@^12",
      "tsx@^4",
    ],
    { cwd: APP_DIR },
  );
  figures.add(`the team's app installs cdktf-spark ${previous.version}`, since(start), "s");

  start = Date.now();
  cdktf("upgrade-deploy-release", "deploy");
  figures.add(`both stacks deployed from ${previous.version}`, since(start), "s");
  const labs = () => UPGRADE_STACKS.map((stack) => new Jupyter(output(stack, "spark_jupyter_url", APP)));
  const buckets = UPGRADE_STACKS.map((stack) => output(stack, "spark_bucket_name", APP));
  const historyUi = output("upgrade-cluster", "spark_history_ui", APP);
  const history = [historyUi, undefined];
  let lab = labs();
  const before: Work[] = [];
  for (const [i, stack] of UPGRADE_STACKS.entries()) before.push(await putWorkIn(stack, lab[i], buckets[i], history[i]));
  const tokens = lab.map((l) => l.token);

  start = Date.now();
  step("upgrade-install-current", "npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", upgraded], {
    cwd: APP_DIR,
  });
  step("upgrade-synth", "npx", ["--no-install", "cdktf", "synth"], { cwd: APP_DIR });
  const replaced: string[] = [];
  for (const stack of UPGRADE_STACKS) {
    const dir = path.join(APP.out, "stacks", stack);
    step(`upgrade-init-${stack}`, "terraform", [`-chdir=${dir}`, "init", "-input=false"]);
    // The plan file holds the stack's secrets: written into the app, removed at once.
    step(`upgrade-plan-${stack}`, "terraform", [`-chdir=${dir}`, "plan", "-input=false", "-lock=false", "-out=upgrade.plan"]);
    const plan = JSON.parse(
      step(`upgrade-show-${stack}`, "terraform", [`-chdir=${dir}`, "show", "-json", "upgrade.plan"])
        .trim()
        .split("\n")
        .pop() as string,
    ) as { resource_changes?: { address: string; type: string; change: { actions: string[] } }[] };
    rmSync(path.join(dir, "upgrade.plan"));
    replaced.push(...(plan.resource_changes ?? []).filter((c) => c.change.actions.includes("delete")).map((c) => c.type));
  }
  const counted =
    [...new Set(replaced)]
      .sort()
      .map((type) => `${type} ×${replaced.filter((t) => t === type).length}`)
      .join(", ") || "nothing";
  const changelog = readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8");
  const section = changelog.slice(changelog.indexOf(`## ${current}`), changelog.indexOf("\n## ", changelog.indexOf(`## ${current}`) + 1));
  const promised = new RegExp(`Upgrade from ${previous.version.replace(/\./g, "\\.")} replaces: ([^.\\n]*)\\.`).exec(section)?.[1];
  if (promised === undefined)
    fail(`CHANGELOG ${current} has no "Upgrade from ${previous.version} replaces: … ." line (the plan replaces: ${counted})`);
  if (promised !== counted)
    fail(`CHANGELOG ${current} says the upgrade from ${previous.version} replaces ${promised}; the plan replaces ${counted}`);
  figures.checked(`upgrade ${previous.version} → ${current}: the plan of both stacks replaces ${counted}, as the CHANGELOG says`);

  cdktf("upgrade-deploy-current", "deploy");
  figures.add(`upgrade to ${current}: npm install + plan + cdktf deploy of both stacks`, since(start), "s");
  for (const stack of UPGRADE_STACKS) planIsClean(stack, `upgrade-${stack}`, APP);
  lab = labs();
  if (lab.some((l, i) => l.token !== tokens[i])) fail("the upgrade changed a Jupyter token");
  const files = { before: 0, after: 0 };
  for (const [i, stack] of UPGRADE_STACKS.entries()) {
    const counted = await stillThere(stack, lab[i], buckets[i], before[i], history[i]);
    files.before += counted.before;
    files.after += counted.after;
  }
  figures.add("notebooks and bucket objects of both stacks before → after the upgrade", `${files.before} → ${files.after}`);
  figures.checked(
    `after the upgrade both JupyterLabs answered with their tokens; all ${files.before} notebooks and bucket objects there, the ${ROWS} rows and table \`upgrade_sales\` readable in each stack, the cluster's event log still in the history server`,
  );

  start = Date.now();
  cdktf("upgrade-destroy", "destroy");
  removeLeftovers();
  attempt("upgrade-worktree-remove", "git", ["worktree", "remove", "--force", path.join(WORK, "release-src")]);
  rmSync(WORK, { recursive: true, force: true });
  figures.add("both stacks destroyed, their volumes removed", since(start), "s");
}
