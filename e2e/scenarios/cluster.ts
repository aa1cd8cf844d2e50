/**
 * cluster-stack from nothing: deploy, workers registered, a spark-submit job
 * through s3a, the history server listing it, JupyterLab's token, a notebook
 * kernel computing on the cluster.
 */
import { deploy, output, planIsClean } from "../lib/deploy";
import { Figures } from "../lib/figures";
import { Jupyter } from "../lib/kernel";
import { CDS_CELL, aliveHosts, historyLists, imageOverhead, jvmsOnArchive, submit } from "../lib/spark";
import { capture, fail } from "../lib/shell";
import { since, waitFor } from "../lib/wait";

export interface Cluster {
  readonly masterUi: string;
  readonly masterUrl: string;
  readonly masterContainer: string;
  readonly bucket: string;
  readonly jupyter: Jupyter;
  readonly jupyterContainer: string;
  readonly workerPrefix: string;
}

const STACK = "cluster-stack";

/** Every running container of the stack is fenced as the constructs say; returns how many were checked. */
export function checkFenced(prefix: string): number {
  const names = capture("docker", ["ps", "--format", "{{.Names}}"])
    .split("\n")
    .filter((n) => n.startsWith(prefix));
  for (const name of names) {
    const [user, securityOpt, capDrop, memory, quota] = capture("docker", [
      "inspect",
      "-f",
      "{{.Config.User}}|{{json .HostConfig.SecurityOpt}}|{{json .HostConfig.CapDrop}}|{{.HostConfig.Memory}}|{{.HostConfig.CpuQuota}}",
      name,
    ]).split("|");
    if (!user || /^(0|root)(:|$)/.test(user)) fail(`${name} runs as ${user || "root"}`);
    if (!securityOpt.includes("no-new-privileges")) fail(`${name} may gain privileges: ${securityOpt}`);
    if (!capDrop.includes("ALL")) fail(`${name} keeps capabilities: CapDrop ${capDrop}`);
    if (!(Number(memory) > 0) || !(Number(quota) > 0)) fail(`${name} has no memory or CPU cap (${memory} bytes, quota ${quota})`);
  }
  if (names.length < 7) fail(`expected the stack's containers running, found ${names.join(", ")}`);
  return names.length;
}

export async function clusterScenario(figures: Figures): Promise<Cluster> {
  const start = Date.now();
  deploy(STACK, "deploy-cluster");
  figures.add("cluster-stack deploy (library images warm)", since(start), "s");
  planIsClean(STACK, "deploy-cluster");

  const masterUi = output(STACK, "spark_master_ui");
  await waitFor("master lists 2 workers ALIVE", 120, async () => (await aliveHosts(masterUi)) === 2);
  figures.add("deploy start → 2 workers ALIVE on the master", since(start), "s");

  const fencedContainers = checkFenced("cluster-stack-");
  figures.checked(
    `docker inspect: all ${fencedContainers} running containers run as a non-root user, with no-new-privileges, all capabilities dropped, and memory and CPU caps`,
  );

  const masterUrl = output(STACK, "spark_master_url");
  const cluster: Cluster = {
    masterUi,
    masterUrl,
    masterContainer: masterUrl.replace(/^spark:\/\/|:\d+$/g, ""),
    bucket: output(STACK, "spark_bucket_name"),
    jupyter: new Jupyter(output(STACK, "spark_jupyter_url")),
    jupyterContainer: output(STACK, "spark_jupyter_container"),
    workerPrefix: `${masterUrl.replace(/^spark:\/\/|-master:\d+$/g, "")}-worker`,
  };
  const sparkImage = capture("docker", ["inspect", "-f", "{{.Config.Image}}", cluster.masterContainer]);
  const base = process.env.CDKTF_SPARK_BASE_IMAGE ?? fail("CDKTF_SPARK_BASE_IMAGE unset: e2e/run.sh sources what prepare chose");
  // The default image: Databricks Runtime 18 LTS, with Delta and (beside the catalog) Iceberg.
  const { size, overhead, jars, python } = imageOverhead(sparkImage, base, true);
  figures.add(
    `Spark image \`${sparkImage}\` size (over its base \`${base}\`: jars with Delta and Iceberg, the runtime's Python libraries)`,
    `${size} MB (+${overhead} MB: ${jars} MB, ${python} MB)`,
  );
  if (cluster.jupyter.token.length < 32) fail(`Jupyter token is too short: ${cluster.jupyter.token.length} characters`);

  const job = submit("submit-job", cluster.jupyterContainer, masterUrl, `s3a://${cluster.bucket}/e2e/job`, 100000);
  if (job.rows !== 100000 || job.master !== masterUrl) fail(`job read ${job.rows} rows on ${job.master}`);
  if (job.committer !== "magic") fail(`the job's output was committed by the ${job.committer} committer, not the S3A magic committer`);
  figures.add("deploy start → first spark-submit job done (100k rows to s3a and back)", since(start), "s");
  figures.checked(
    `spark-submit in client mode from ${cluster.jupyterContainer} wrote and read 100000 rows on s3a://${cluster.bucket}; its _SUCCESS names the magic committer`,
  );

  await waitFor(`history server lists ${job.appId}`, 60, () => historyLists(output(STACK, "spark_history_ui"), job.appId));
  figures.checked(`the history server lists ${job.appId}`);

  // Every long-running JVM of the stack starts on the image's class-data-sharing archive.
  const daemons = [
    cluster.masterContainer,
    `${cluster.workerPrefix}-1`,
    `${cluster.workerPrefix}-2`,
    cluster.masterContainer.replace(/-master$/, "-history"),
    cluster.masterContainer.replace(/-master$/, "-connect"),
  ];
  const onArchive = daemons.map((c) => ({ c, ...jvmsOnArchive(c) }));
  const off = onArchive.filter((d) => !d.jvms || d.mapped !== d.jvms);
  if (off.length) fail(`JVMs not on the class-data-sharing archive: ${off.map((d) => `${d.c}: ${d.mapped} of ${d.jvms}`).join(", ")}`);
  figures.checked(
    `every JVM of the master, both workers, the history and the Connect server maps the image's class-data-sharing archive (${onArchive.reduce((n, d) => n + d.jvms, 0)} JVMs, /proc/<pid>/maps)`,
  );

  if ((await cluster.jupyter.status("/api/status")) !== 200) fail("Jupyter refused its own token");
  if ((await cluster.jupyter.status("/api/status", false)) !== 403) fail("Jupyter answered /api/status without a token");
  figures.checked("JupyterLab answers with its token and refuses without (403)");

  const read = await cluster.jupyter.run(
    [
      "from pyspark.sql import SparkSession",
      `spark = SparkSession.builder.appName("cdktf-spark-e2e-notebook").getOrCreate()`,
      `print("NOTEBOOK_ROWS", spark.read.parquet("s3a://${cluster.bucket}/e2e/job").count(), spark.sparkContext.master)`,
      "sc = spark.sparkContext",
      CDS_CELL,
      "spark.stop()",
    ].join("\n"),
  );
  const executorsOn = JSON.parse(/CDS_EXECUTORS (\[.*\])/.exec(read)?.[1] ?? "[]") as [string, boolean][];
  if (!read.includes("CDS_DRIVER True") || !executorsOn.length || executorsOn.some(([, on]) => !on))
    fail(`the notebook's driver or executors are not on the class-data-sharing archive: ${read}`);
  figures.checked(
    `a notebook's driver JVM and the executor JVMs that ran its tasks (${executorsOn.map(([h]) => h).join(", ")}) map the archive`,
  );
  if (!read.includes(`NOTEBOOK_ROWS 100000 ${masterUrl}`)) fail(`notebook did not read 100000 rows through ${masterUrl}: ${read}`);
  figures.checked("a notebook kernel read the job's 100000 rows through the cluster");
  return cluster;
}
