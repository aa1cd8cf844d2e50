/**
 * Every supported Spark line other than the default: e2e/run.sh prepared each
 * one as a user would (`CDKTF_SPARK_VERSION=<v> scripts/workbench.sh prepare`:
 * its base image, its committer module), recorded in .e2e/line-<v>.env. Here
 * one stack holds a cluster per line (e2e/lines/app.ts), on fresh volumes; each runs a
 * spark-submit job writing to s3a and reading back, committed by the magic
 * committer, and its history server lists it. Per line: the Spark image built
 * cold and warm, its size over the base image, deploy → first job.
 */
import { existsSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { LINES_STACK, LINE_WORKERS, LineUnderTest, lineId, runtimeOf } from "../lines/app";
import { Jupyter } from "../lib/kernel";
import { OtherApp, deploy, destroy, hasResources, output, planIsClean } from "../lib/deploy";
import { Figures } from "../lib/figures";
import { ROOT, background, capture, fail, log, step } from "../lib/shell";
import { aliveHosts, historyLists, imageOverhead, jobCommand, jvmsOnArchive, parseJob } from "../lib/spark";
import { since, waitFor } from "../lib/wait";

const APP: OtherApp = { command: "node -r ./scripts/register.js e2e/lines/app.ts", out: ".e2e/lines.out" };
const ROWS = 20000;
/**
 * Four short jobs share 2 cores here: their JVMs compile only with C1, which
 * halves a short job's CPU (what is proven, s3a and the committer, is the same).
 */
const SHORT_JOB = {
  "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1",
  "spark.executor.extraJavaOptions": "-XX:TieredStopAtLevel=1",
};

/**
 * A runtime line's notebook: Delta by default as on Databricks (a table saved without a format is a Delta
 * table, appended to and read back in time through SQL and the Python API), and the libraries as installed.
 */
const RUNTIME_CELL = [
  `spark.range(100).write.saveAsTable("orders")`,
  // Appended with insertInto: on 16.4 LTS here, mode("append").saveAsTable fails (docs/databricks.md, what differs).
  `spark.range(100, 150).write.insertInto("orders")`,
  "from delta.tables import DeltaTable",
  `print("DELTA", spark.table("orders").count(), spark.sql("SELECT count(*) FROM orders VERSION AS OF 0").first()[0], [r.version for r in DeltaTable.forName(spark, "orders").history().collect()], spark.sql("DESCRIBE DETAIL orders").first().format)`,
  "import json, importlib.metadata as md",
  `print("VERSIONS", json.dumps({n: md.version(n) for n in ["pandas", "numpy", "pyarrow", "scipy", "scikit-learn", "matplotlib", "seaborn", "statsmodels", "plotly", "boto3", "delta-spark"]}))`,
].join("\n");

/** What `scripts/workbench.sh prepare` chose for one version (its state file). */
function preparedLine(version: string): LineUnderTest {
  const file = path.join(ROOT, ".e2e", `line-${version}.env`);
  if (!existsSync(file)) fail(`${file} missing: e2e/run.sh prepares every line before the scenarios`);
  const chosen = Object.fromEntries(
    readFileSync(file, "utf8")
      .split("\n")
      .map((l) => /^export (\w+)=(.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => !!m)
      .map((m) => [m[1], m[2]]),
  );
  if (!chosen.CDKTF_SPARK_BASE_IMAGE) fail(`prepare chose no base image for Spark ${version}`);
  return {
    version,
    baseImage: chosen.CDKTF_SPARK_BASE_IMAGE,
    cloudCommitterVersion: chosen.CDKTF_SPARK_CLOUD_COMMITTER_VERSION,
    awsSdkVersion: chosen.CDKTF_SPARK_AWS_SDK_VERSION,
  };
}

/**
 * The line's Spark image as the stack builds it (same context and build args):
 * once without any cache per machine and input (the cold figure, kept in the
 * e2e cache folder), then again warm. The context is relative to the stack's
 * directory, where Terraform runs.
 */
function measureImage(
  stackDir: string,
  stackJson: {
    resource: { docker_image: Record<string, { name: string; build: { context: string; build_args: Record<string, string> } }> };
  },
  line: LineUnderTest,
  cacheDir: string,
) {
  const image = Object.values(stackJson.resource.docker_image).find((i) => i.name.startsWith(`cdktf-spark:${line.version}-`));
  if (!image) fail(`no Spark image for ${line.version} in the lines stack`);
  const args = Object.entries(image.build.build_args).flatMap(([k, v]) => ["--build-arg", `${k}=${v}`]);
  const context = path.resolve(stackDir, image.build.context);
  const coldFile = path.join(cacheDir, `cold-line-${image.name.replace(/[:/]/g, "-")}`);
  if (!existsSync(coldFile)) {
    const t = Date.now();
    step(`image-cold-${line.version}`, "docker", ["build", "--no-cache", "-t", image.name, ...args, context]);
    writeFileSync(coldFile, `${since(t)} s (measured ${new Date().toISOString().slice(0, 10)})`);
  }
  const t = Date.now();
  step(`image-warm-${line.version}`, "docker", ["build", "-t", image.name, ...args, context]);
  const warm = since(t);
  return { cold: readFileSync(coldFile, "utf8"), warm, ...imageOverhead(image.name, line.baseImage, !!runtimeOf(line)) };
}

/**
 * The stack's volumes, retained data included: each run starts from fresh
 * volumes, the first deploy a user's machine sees.
 */
function removeVolumes(): void {
  const volumes = capture("docker", ["volume", "ls", "-q", "--filter", `name=^${LINES_STACK}-`])
    .split("\n")
    .filter(Boolean);
  if (volumes.length) step("remove-lines-volumes", "docker", ["volume", "rm", ...volumes]);
}

export async function linesScenario(figures: Figures, versions: string[], cacheDir: string): Promise<void> {
  const lines = versions.map(preparedLine);
  const env = { E2E_LINES: JSON.stringify(lines) };
  if (hasResources(LINES_STACK, APP)) destroy(LINES_STACK, "destroy-leftover-lines", env, APP);
  removeVolumes();

  step("synth-lines", "npx", ["--no-install", "cdktf", "synth", "--app", APP.command, "--output", APP.out], { env });
  const stackDir = path.join(ROOT, APP.out, "stacks", LINES_STACK);
  const stackJson = JSON.parse(readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
  const images = new Map(lines.map((line) => [line.version, measureImage(stackDir, stackJson, line, cacheDir)]));

  const start = Date.now();
  deploy(LINES_STACK, "deploy-lines", env, APP);
  figures.add(
    `one stack, a cluster per line (${versions.join(", ")}): deploy (on a cold machine it builds each line's JupyterLab image)`,
    since(start),
    "s",
  );
  planIsClean(LINES_STACK, "deploy-lines", APP);

  const out = (line: LineUnderTest, name: string) => output(LINES_STACK, `${lineId(line.version).replace(/-/g, "_")}_${name}`, APP);
  await Promise.all(
    lines.map((line) =>
      waitFor(
        `Spark ${line.version}: ${LINE_WORKERS} worker(s) ALIVE`,
        180,
        async () => (await aliveHosts(out(line, "master_ui"))) === LINE_WORKERS,
      ),
    ),
  );
  log(`every line's master lists ${LINE_WORKERS} worker(s) ALIVE after ${since(start)} s`);

  // Side by side: the jobs run at once, as the clusters do.
  const jobs = await Promise.all(
    lines.map(async (line) => {
      const masterUrl = out(line, "master_url");
      const target = `s3a://${out(line, "bucket_name")}/e2e/line-job`;
      const name = `job-${line.version}`;
      const run = await background(name, "docker", jobCommand(name, out(line, "jupyter_container"), masterUrl, target, ROWS, SHORT_JOB));
      if (run.status !== 0) {
        process.stderr.write(run.output.split("\n").slice(-40).join("\n") + "\n");
        fail(`Spark ${line.version}: the job exited ${run.status}`);
      }
      const job = parseJob(name, run.output);
      if (job.rows !== ROWS || job.master !== masterUrl) fail(`Spark ${line.version}: the job read ${job.rows} rows on ${job.master}`);
      if (job.committer !== "magic")
        fail(`Spark ${line.version}: output committed by the ${job.committer} committer, not the magic committer`);
      return { line, job, done: since(start) };
    }),
  );

  // Side by side too: each runtime line's notebook on its own cluster.
  await Promise.all(
    lines.filter(runtimeOf).map(async (line) => {
      const t = Date.now();
      const profile = runtimeOf(line)!;
      const cell = await new Jupyter(out(line, "jupyter_url")).run(RUNTIME_CELL, 600_000);
      if (!cell.includes("DELTA 150 100 [1, 0] delta"))
        fail(
          `${profile.name} (Spark ${line.version}): a Delta table by default, read at VERSION AS OF 0, did not give 150 and 100 rows: ${cell}`,
        );
      const versions = JSON.parse(/VERSIONS (\{.*\})/.exec(cell)?.[1] ?? fail(`${profile.name}: no versions printed: ${cell}`)) as Record<
        string,
        string
      >;
      const differ = profile.libraries.filter((l) => versions[l.name] !== l.installed);
      if (differ.length)
        fail(`${profile.name}: installed ${differ.map((l) => `${l.name} ${versions[l.name]}`).join(", ")}, not the profile's`);
      figures.add(
        `${profile.name} (Spark ${line.version}): a notebook's Delta table by default, appended and read back in time`,
        since(t),
        "s",
      );
      figures.add(`${profile.name}: Python libraries as installed`, `\`${JSON.stringify(versions)}\``);
      figures.checked(
        `${profile.name} on Spark ${line.version}: \`saveAsTable\` without a format made a Delta table (DESCRIBE DETAIL), appended to and read at VERSION AS OF 0 (100 of 150 rows; \`DeltaTable.forName(...).history()\` versions 1, 0); every library the profile pins is installed at its version`,
      );
    }),
  );

  for (const { line, job, done } of jobs) {
    await waitFor(`Spark ${line.version}: history server lists ${job.appId}`, 90, () => historyLists(out(line, "history_ui"), job.appId));
    const image = images.get(line.version)!;
    const baseCold = path.join(cacheDir, `cold-base-images-${line.version}`);
    figures.add(
      `Spark ${line.version}: base image built from the pyspark sdist, cold`,
      existsSync(baseCold) ? readFileSync(baseCold, "utf8").trim() : "not measured on this machine",
    );
    figures.add(`Spark ${line.version}: Spark image built cold / warm`, `${image.cold} / ${image.warm} s`);
    figures.add(
      `Spark ${line.version}: Spark image size (over its base image: jars${runtimeOf(line) ? " with Delta" : ""}, Python ${runtimeOf(line) ? "libraries of the runtime" : "data stack"})`,
      `${image.size} MB (+${image.overhead} MB: ${image.jars} MB, ${image.python} MB)`,
    );
    figures.add(`Spark ${line.version}: deploy start → job done (clusters side by side)`, done, "s");
    const standIns = [
      line.cloudCommitterVersion &&
        `the committer module of ${line.cloudCommitterVersion} (Maven Central here has none for ${line.version})`,
      line.awsSdkVersion && `AWS SDK ${line.awsSdkVersion} (Maven Central here lacks a module of the pinned one)`,
    ].filter(Boolean);
    const committer = standIns.length ? `; with ${standIns.join(" and ")}` : "";
    const master = out(line, "master_url").replace(/^spark:\/\/|:\d+$/g, "");
    const onArchive = [master, master.replace(/-master$/, "-worker-1")].map(jvmsOnArchive);
    if (onArchive.some((a) => !a.jvms || a.mapped !== a.jvms))
      fail(
        `Spark ${line.version}: the master's or worker's JVM does not map the image's class-data-sharing archive: ${JSON.stringify(onArchive)}`,
      );
    figures.checked(
      `Spark ${line.version} on ${line.baseImage}: ${LINE_WORKERS} worker(s) ALIVE, spark-submit wrote and read ${ROWS} rows on s3a, committed by the magic committer${committer}; the history server lists ${job.appId}; the master's and a worker's JVMs map the image's class-data-sharing archive`,
    );
  }

  const t = Date.now();
  destroy(LINES_STACK, "destroy-lines", env, APP);
  figures.add("lines stack destroy", since(t), "s");
  removeVolumes();
}
