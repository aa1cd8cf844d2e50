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
import { LINES_STACK, LINE_WORKERS, LineUnderTest, hasTableFormats, lineId } from "../lines/app";
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
 * Delta Lake and Iceberg in a notebook of the line that carries them: tables in
 * the same catalog as plain ones, on the bucket, appended to, and read back as
 * they were (Delta's VERSION AS OF, Iceberg's snapshots).
 */
const TABLE_FORMATS_CELL = [
  `spark.sql("DROP TABLE IF EXISTS orders_delta")`,
  `spark.range(100).write.format("delta").saveAsTable("orders_delta")`,
  `spark.range(100, 150).write.format("delta").mode("append").saveAsTable("orders_delta")`,
  `print("DELTA", spark.table("orders_delta").count(), spark.sql("SELECT count(*) FROM orders_delta VERSION AS OF 0").first()[0], [r.version for r in spark.sql("DESCRIBE HISTORY orders_delta").collect()])`,
  `spark.sql("DROP TABLE IF EXISTS iceberg.default.orders_iceberg")`,
  `spark.sql("CREATE TABLE iceberg.default.orders_iceberg (id bigint) USING iceberg")`,
  `spark.sql("INSERT INTO iceberg.default.orders_iceberg SELECT id FROM range(10)")`,
  `spark.sql("INSERT INTO iceberg.default.orders_iceberg SELECT id FROM range(10, 15)")`,
  `first = spark.sql("SELECT snapshot_id FROM iceberg.default.orders_iceberg.snapshots ORDER BY committed_at").first()[0]`,
  `print("ICEBERG", spark.table("iceberg.default.orders_iceberg").count(), spark.sql(f"SELECT count(*) FROM iceberg.default.orders_iceberg VERSION AS OF {first}").first()[0])`,
  `print("LOCATIONS", spark.sql("DESCRIBE TABLE EXTENDED orders_delta").where("col_name = 'Location'").first()[1], spark.sql("DESCRIBE TABLE EXTENDED iceberg.default.orders_iceberg").where("col_name = 'Location'").first()[1])`,
  `print("CATALOG", sorted(t.name for t in spark.catalog.listTables()))`,
].join("\n");

/** What `scripts/workbench.sh prepare` chose for one version (its state file). */
function preparedLine(version: string): LineUnderTest {
  const file = path.join(ROOT, ".e2e", `line-${version}.env`);
  if (!existsSync(file)) fail(`${file} missing: e2e/run.sh prepares every line before the scenarios`);
  const chosen = Object.fromEntries(readFileSync(file, "utf8").split("\n")
    .map((l) => /^export (\w+)=(.*)$/.exec(l)).filter((m): m is RegExpExecArray => !!m).map((m) => [m[1], m[2]]));
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
function measureImage(stackDir: string, stackJson: { resource: { docker_image: Record<string, { name: string; build: { context: string; build_args: Record<string, string> } }> } }, line: LineUnderTest, cacheDir: string) {
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
  return { cold: readFileSync(coldFile, "utf8"), warm, ...imageOverhead(image.name, line.baseImage, hasTableFormats(line)) };
}

/**
 * The stack's volumes, retained data included: each run starts from fresh
 * volumes, the first deploy a user's machine sees.
 */
function removeVolumes(): void {
  const volumes = capture("docker", ["volume", "ls", "-q", "--filter", `name=^${LINES_STACK}-`]).split("\n").filter(Boolean);
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
  figures.add(`one stack, a cluster per line (${versions.join(", ")}): deploy (on a cold machine it builds each line's JupyterLab image)`, since(start), "s");
  planIsClean(LINES_STACK, "deploy-lines", APP);

  const out = (line: LineUnderTest, name: string) => output(LINES_STACK, `${lineId(line.version).replace(/-/g, "_")}_${name}`, APP);
  await Promise.all(lines.map((line) => waitFor(`Spark ${line.version}: ${LINE_WORKERS} worker(s) ALIVE`, 180, async () => (await aliveHosts(out(line, "master_ui"))) === LINE_WORKERS)));
  log(`every line's master lists ${LINE_WORKERS} worker(s) ALIVE after ${since(start)} s`);

  // Side by side: the jobs run at once, as the clusters do.
  const jobs = await Promise.all(lines.map(async (line) => {
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
    if (job.committer !== "magic") fail(`Spark ${line.version}: output committed by the ${job.committer} committer, not the magic committer`);
    return { line, job, done: since(start) };
  }));

  for (const line of lines.filter(hasTableFormats)) {
    const t = Date.now();
    const bucket = out(line, "bucket_name");
    // ~230 s here with the other clusters idle: a dozen short Delta and Iceberg jobs on one 1-core worker.
    const cell = await new Jupyter(out(line, "jupyter_url")).run(TABLE_FORMATS_CELL, 600_000);
    if (!cell.includes("DELTA 150 100 [1, 0]")) fail(`Spark ${line.version}: Delta time travel did not read 150 rows now and 100 at version 0: ${cell}`);
    if (!cell.includes("ICEBERG 15 10")) fail(`Spark ${line.version}: the Iceberg table did not read 15 rows now and 10 at its first snapshot: ${cell}`);
    if (!new RegExp(`LOCATIONS s3a://${bucket}/warehouse/orders_delta s3a://${bucket}/warehouse/orders_iceberg`).test(cell)) fail(`Spark ${line.version}: the tables are not on the bucket's warehouse: ${cell}`);
    if (!/CATALOG \[.*'orders_delta'.*'orders_iceberg'.*\]/.test(cell)) fail(`Spark ${line.version}: the Delta and Iceberg tables are not both in the catalog: ${cell}`);
    figures.add(`Spark ${line.version}: a notebook's Delta and Iceberg tables, appended and read back in time`, since(t), "s");
    figures.checked(`Spark ${line.version} with Delta Lake and Iceberg: a Delta table written, appended to and read at VERSION AS OF 0 (100 of 150 rows; history versions 1, 0), an Iceberg table inserted into twice and read at its first snapshot (10 of 15 rows); both in s3a://${bucket}/warehouse and listed by the same catalog, with the magic committer settings in place`);
  }

  for (const { line, job, done } of jobs) {
    await waitFor(`Spark ${line.version}: history server lists ${job.appId}`, 90, () => historyLists(out(line, "history_ui"), job.appId));
    const image = images.get(line.version)!;
    const baseCold = path.join(cacheDir, `cold-base-images-${line.version}`);
    figures.add(`Spark ${line.version}: base image built from the pyspark sdist, cold`, existsSync(baseCold) ? readFileSync(baseCold, "utf8").trim() : "not measured on this machine");
    figures.add(`Spark ${line.version}: Spark image built cold / warm`, `${image.cold} / ${image.warm} s`);
    figures.add(`Spark ${line.version}: Spark image size (over its base image: jars${hasTableFormats(line) ? " with Delta and Iceberg" : ""}, Python data stack)`, `${image.size} MB (+${image.overhead} MB: ${image.jars} MB, ${image.python} MB)`);
    figures.add(`Spark ${line.version}: deploy start → job done (clusters side by side)`, done, "s");
    const standIns = [
      line.cloudCommitterVersion && `the committer module of ${line.cloudCommitterVersion} (Maven Central here has none for ${line.version})`,
      line.awsSdkVersion && `AWS SDK ${line.awsSdkVersion} (Maven Central here lacks a module of the pinned one)`,
    ].filter(Boolean);
    const committer = standIns.length ? `; with ${standIns.join(" and ")}` : "";
    const master = out(line, "master_url").replace(/^spark:\/\/|:\d+$/g, "");
    const onArchive = [master, master.replace(/-master$/, "-worker-1")].map(jvmsOnArchive);
    if (onArchive.some((a) => !a.jvms || a.mapped !== a.jvms)) fail(`Spark ${line.version}: the master's or worker's JVM does not map the image's class-data-sharing archive: ${JSON.stringify(onArchive)}`);
    figures.checked(`Spark ${line.version} on ${line.baseImage}: ${LINE_WORKERS} worker(s) ALIVE, spark-submit wrote and read ${ROWS} rows on s3a, committed by the magic committer${committer}; the history server lists ${job.appId}; the master's and a worker's JVMs map the image's class-data-sharing archive`);
  }

  const t = Date.now();
  destroy(LINES_STACK, "destroy-lines", env, APP);
  figures.add("lines stack destroy", since(t), "s");
  removeVolumes();
}
