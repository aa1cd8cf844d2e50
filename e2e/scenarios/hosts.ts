/**
 * A cluster spanning three Docker hosts: this one (master, a worker, history
 * server, JupyterLab, bucket) and two network namespaces, each with its own
 * dockerd, h1 reached over TCP with TLS and h2 over SSH (e2e/hosts.sh), one
 * worker on each.
 * Proven: a spark-submit job and a notebook kernel run tasks on every host
 * (history server REST API) writing and reading s3a; a driver without network
 * encryption is refused; one host cut off (link down, then its dockerd
 * stopped) while a job runs → the job completes on the others with every row;
 * the host back → its worker registers again and takes tasks.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { ExtraHost, HOSTS_PORT_OFFSET, HOSTS_STACK } from "../hosts/app";
import { OtherApp, deploy, destroy, hasResources, output, planIsClean, removeStrays } from "../lib/deploy";
import { Figures } from "../lib/figures";
import { Jupyter } from "../lib/kernel";
import { ROOT, attempt, background, fail, log, step } from "../lib/shell";
import { appNames, failedTasksOn, historyLists, jobCommand, masterJson, parseJob, runsTasksOn, tasksByHost } from "../lib/spark";
import { sleep, since, waitFor } from "../lib/wait";

const APP: OtherApp = { command: "node -r ./scripts/register.js e2e/hosts/app.ts", out: ".e2e/hosts.out" };
const ROWS = 20000;
/**
 * Every executor registered before tasks start, so each host gets some (Spark
 * starts on the first one otherwise); JVMs on the quick C1 compiler only, as
 * short jobs on 2 cores (see the lines scenario).
 */
const ALL_EXECUTORS = {
  "spark.scheduler.minRegisteredResourcesRatio": "1.0",
  "spark.scheduler.maxRegisteredResourcesWaitingTime": "90s",
  "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1",
  "spark.executor.extraJavaOptions": "-XX:TieredStopAtLevel=1",
};
/** For the job that loses a host: the driver gives up on a silent executor after 20 s (Spark's default: 120 s). */
const FAST_FAILOVER = {
  "spark.network.timeout": "20s",
  "spark.network.timeoutInterval": "5s",
  "spark.executor.heartbeatInterval": "3s",
};

const hostsSh = (name: string, ...args: string[]) => step(`hosts-${name}`, "bash", ["e2e/hosts.sh", ...args]);

/** What e2e/hosts.sh up wrote: this host's address and the extra hosts. */
function readHostsEnv(): { main: string; hosts: ExtraHost[]; certPath: string; sshOpts: string; sockets: Record<string, string> } {
  const vars = Object.fromEntries(
    readFileSync(path.join(ROOT, ".e2e", "hosts.env"), "utf8")
      .split("\n")
      .map((l) => /^export (\w+)="?([^"]*)"?$/.exec(l))
      .filter((m): m is RegExpExecArray => !!m)
      .map((m) => [m[1], m[2]]),
  );
  const hosts = vars.E2E_HOST_NAMES.split(" ").map((name) => ({
    name,
    address: vars[`E2E_${name.toUpperCase()}_ADDRESS`],
    dockerHost: vars[`E2E_${name.toUpperCase()}_DOCKER_HOST`],
  }));
  const sockets = Object.fromEntries(hosts.map((h) => [h.name, vars[`E2E_${h.name.toUpperCase()}_SOCKET`]]));
  return { main: vars.E2E_MAIN_ADDRESS, hosts, certPath: vars.E2E_HOSTS_CERT_PATH, sshOpts: vars.E2E_HOSTS_SSH_OPTS, sockets };
}

/** The Spark image the stack builds on this host, built here first (warm) so it can be loaded onto the others. */
function mainSparkImage(): string {
  const stackDir = path.join(ROOT, APP.out, "stacks", HOSTS_STACK);
  const stack = JSON.parse(readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
  const images = Object.values(stack.resource.docker_image) as {
    name: string;
    provider?: string;
    build: { context: string; build_args: Record<string, string> };
  }[];
  const image = images.find((i) => !i.provider && i.name.startsWith("cdktf-spark:"));
  if (!image) fail("no Spark image on this host in the hosts stack");
  step("hosts-spark-image", "docker", [
    "build",
    "-t",
    image.name,
    ...Object.entries(image.build.build_args).flatMap(([k, v]) => ["--build-arg", `${k}=${v}`]),
    path.resolve(stackDir, image.build.context),
  ]);
  return image.name;
}

export async function hostsScenario(figures: Figures): Promise<void> {
  const setup = Date.now();
  hostsSh("down", "down");
  const base = process.env.CDKTF_SPARK_BASE_IMAGE;
  if (!base) fail("CDKTF_SPARK_BASE_IMAGE is not set: e2e/run.sh sources .workbench.env");
  // Synthesized once without extra hosts to learn the image to load onto them.
  step("synth-hosts-image", "npx", ["--no-install", "cdktf", "synth", "--app", APP.command, "--output", APP.out], {
    env: { E2E_MAIN_ADDRESS: "10.77.0.1", E2E_HOSTS: "[]" },
  });
  const image = mainSparkImage();
  const up = hostsSh("up", "up", base, image);
  const { main, hosts, certPath, sshOpts, sockets } = readHostsEnv();
  // The hosts' data roots outlive `hosts.sh down`: so do an earlier failed run's containers there.
  for (const [name, socket] of Object.entries(sockets)) removeStrays(name, socket);
  const transports = hosts.map((h) => `${h.name} ${h.dockerHost.startsWith("ssh://") ? "over SSH" : "over TCP + TLS"}`).join(", ");
  figures.add(`${hosts.length} extra hosts (network namespaces, own dockerd: ${transports}) up, images loaded`, since(setup), "s");
  const loaded = /loaded .* in (\d+) s/.exec(up);
  figures.add("Spark image loaded into the extra hosts' dockerds", loaded ? `${loaded[1]} s` : "already there (same image IDs)");
  const env = { E2E_MAIN_ADDRESS: main, E2E_HOSTS: JSON.stringify(hosts), E2E_HOSTS_CERT_PATH: certPath, E2E_HOSTS_SSH_OPTS: sshOpts };

  try {
    if (hasResources(HOSTS_STACK, APP)) destroy(HOSTS_STACK, "destroy-leftover-hosts", env, APP);
    const start = Date.now();
    deploy(HOSTS_STACK, "deploy-hosts", env, APP);
    figures.add("deploy: master, history server, JupyterLab, bucket and a worker here, a worker on each extra host", since(start), "s");
    planIsClean(HOSTS_STACK, "deploy-hosts", APP);

    const out = (name: string) => output(HOSTS_STACK, `spark_${name}`, APP);
    const masterUi = out("master_ui");
    const historyUi = out("history_ui");
    const masterUrl = out("master_url");
    const jupyter = out("jupyter_container");
    const bucket = out("bucket_name");
    const addresses = [main, ...hosts.map((h) => h.address)];
    const alive = async () => new Set((await masterJson(masterUi)).workers.filter((w) => w.state === "ALIVE").map((w) => w.host));
    await waitFor("a worker ALIVE on every host", 180, async () => (await alive()).size === addresses.length);
    figures.add(`deploy start → ${addresses.length} workers ALIVE, one per host`, since(start), "s");

    // 1. spark-submit: tasks on every host, s3a written and read back.
    const listed = (appId: string) => waitFor(`history server lists ${appId}`, 90, () => historyLists(historyUi, appId));
    const everyHost = async (what: string, appId: string) => {
      await listed(appId);
      const tasks = await tasksByHost(historyUi, appId);
      const idle = addresses.filter((a) => !(tasks.get(a) ?? 0));
      if (idle.length) fail(`${what}: no tasks ran on ${idle.join(", ")} (tasks by host: ${JSON.stringify([...tasks])})`);
      return addresses.map((a) => `${a}: ${tasks.get(a)}`).join(", ");
    };
    let t = Date.now();
    const job = parseJob(
      "hosts-job",
      step(
        "hosts-job",
        "docker",
        jobCommand("hosts-job", jupyter, masterUrl, `s3a://${bucket}/e2e/hosts-job`, ROWS, ALL_EXECUTORS, addresses.length, {
          partitions: 12,
          seconds: 1,
        }),
      ),
    );
    if (job.rows !== ROWS || job.committer !== "magic") fail(`hosts job read ${job.rows} rows, committed by ${job.committer}`);
    figures.add("spark-submit across the hosts (12 tasks, s3a write + read)", since(t), "s");
    figures.checked(
      `spark-submit from JupyterLab's container: ${ROWS} rows written to and read from s3a (magic committer); tasks per executor host: ${await everyHost("spark-submit", job.appId)}`,
    );

    // 2. A notebook kernel does the same. It stops the kernel's predefined session to start one with settings of
    // its own (as the README says); the new one keeps the kernel's session defaults (dynamic allocation,
    // docs/notebook.md), so it asks for an executor per host at once: waiting for all of them
    // (minRegisteredResourcesRatio) with one asked for would idle up to 90 s.
    const notebookSettings = {
      ...ALL_EXECUTORS,
      "spark.cores.max": `${addresses.length}`,
      "spark.dynamicAllocation.initialExecutors": `${addresses.length}`,
    };
    t = Date.now();
    const kernel = await new Jupyter(out("jupyter_url")).run(
      [
        "from pyspark.sql import SparkSession",
        "spark.stop()",
        `spark = SparkSession.builder.appName("hosts-notebook")${Object.entries(notebookSettings)
          .map(([k, v]) => `.config("${k}", "${v}")`)
          .join("")}.getOrCreate()`,
        `path = "s3a://${bucket}/e2e/hosts-notebook"`,
        `spark.range(${ROWS}, numPartitions=12).selectExpr("id", "id % 7 AS bucket").write.mode("overwrite").parquet(path)`,
        `print("NOTEBOOK", spark.read.parquet(path).count(), spark.sparkContext.applicationId)`,
        "spark.stop()",
      ].join("\n"),
    );
    const [, count, notebookApp] = /NOTEBOOK (\d+) (\S+)/.exec(kernel) ?? [];
    if (Number(count) !== ROWS) fail(`the notebook read ${count} rows: ${kernel}`);
    figures.add("notebook kernel across the hosts (s3a write + read)", since(t), "s");
    figures.checked(
      `a JupyterLab kernel (client mode, driver ports published on ${main}): ${ROWS} rows on s3a; tasks per executor host: ${await everyHost("notebook", notebookApp)}`,
    );

    // 3. A driver without network encryption is refused.
    const refused = attempt("hosts-unencrypted-driver", "docker", [
      "exec",
      jupyter,
      "timeout",
      "25",
      "spark-submit",
      "--master",
      masterUrl,
      "--conf",
      "spark.network.crypto.enabled=false",
      "--name",
      "unencrypted",
      "/tmp/job.py",
      `s3a://${bucket}/e2e/unencrypted`,
      "10",
    ]);
    if (refused.status === 0 || (await appNames(masterUi)).includes("unencrypted")) {
      fail(`a driver without spark.network.crypto.enabled was accepted (exit ${refused.status})`);
    }
    figures.checked(
      `a driver with spark.network.crypto.enabled=false is refused: never registered with the master (spark-submit exit ${refused.status}${/Failed to connect to master/.test(refused.output) ? ', "Failed to connect to master"' : ""})`,
    );

    // 4. One host lost while a job runs: link down, then its dockerd stopped.
    const lost = hosts[0];
    t = Date.now();
    const long = background(
      "hosts-job-host-lost",
      "docker",
      jobCommand(
        "hosts-job-host-lost",
        jupyter,
        masterUrl,
        `s3a://${bucket}/e2e/hosts-lost`,
        ROWS,
        { ...ALL_EXECUTORS, ...FAST_FAILOVER },
        addresses.length,
        { partitions: 30, seconds: 3 },
      ),
    );
    // The driver's own REST API (spark-submit's UI in JupyterLab's container) says when tasks run there.
    const driverUi = `http://127.0.0.1:${HOSTS_PORT_OFFSET + 4040}/api/v1/applications`;
    await waitFor(`tasks of the job running on ${lost.name}`, 180, () => runsTasksOn(driverUi, [lost.address]));
    hostsSh("link-down", "link-down", lost.name);
    const cut = since(t);
    await sleep(5000);
    hostsSh("dockerd-stop", "dockerd-stop", lost.name);
    const result = await long;
    if (result.status !== 0) {
      process.stderr.write(result.output.split("\n").slice(-40).join("\n") + "\n");
      fail(`the job did not survive losing ${lost.name} (exit ${result.status})`);
    }
    const survived = parseJob("hosts-job-host-lost", result.output);
    // Spark's own account of the tasks running on the lost host when it went: they failed and ran again elsewhere.
    // Read from the application's task lists, not the driver's log: whether the driver's heartbeat timeout or the
    // master's worker timeout notices first decides which line Spark logs (only one of them says "Lost task").
    await listed(survived.appId);
    const lostTasks = await failedTasksOn(historyUi, survived.appId, lost.address);
    if (!lostTasks.length) fail(`no task was running on ${lost.name} when it was cut off, so the fault proved nothing`);
    const notLost = lostTasks.filter((m) => !m.includes("ExecutorLostFailure"));
    if (notLost.length) fail(`tasks on ${lost.name} failed for another reason than losing their executor: ${notLost.join("; ")}`);
    if (survived.rows !== ROWS || survived.committer !== "magic")
      fail(`after losing ${lost.name} the job read ${survived.rows} of ${ROWS} rows`);
    figures.add(
      `job of 30 × 3 s tasks on 3 hosts, ${lost.name} cut off ${cut} s in while running some (link down, then dockerd stopped): done after`,
      since(t),
      "s",
    );
    figures.checked(
      `losing ${lost.name} mid-job: ${lostTasks.length} task(s) running there failed with their executor (Spark: ExecutorLostFailure) and ran again on the other hosts; the job completed with all ${ROWS} rows, committed once by the magic committer (data lost: 0)`,
    );

    // 5. The host comes back: its worker registers again and takes tasks.
    t = Date.now();
    hostsSh("link-up", "link-up", lost.name);
    hostsSh("dockerd-start", "dockerd-start", lost.name);
    await waitFor(`${lost.name}'s worker ALIVE again`, 240, async () => (await alive()).has(lost.address));
    figures.add(`${lost.name} back (link up, dockerd started) → its worker ALIVE again`, since(t), "s");
    const again = parseJob(
      "hosts-job-back",
      step(
        "hosts-job-back",
        "docker",
        jobCommand("hosts-job-back", jupyter, masterUrl, `s3a://${bucket}/e2e/hosts-back`, ROWS, ALL_EXECUTORS, addresses.length, {
          partitions: 12,
          seconds: 1,
        }),
      ),
    );
    if (again.rows !== ROWS) fail(`after ${lost.name} came back the job read ${again.rows} rows`);
    figures.checked(
      `${lost.name} back: its worker re-registered (the container restarted with its dockerd) and took tasks; tasks per executor host: ${await everyHost("after the return", again.appId)}`,
    );
    planIsClean(HOSTS_STACK, "host-return", APP);

    t = Date.now();
    destroy(HOSTS_STACK, "destroy-hosts", env, APP);
    figures.add("hosts stack destroy", since(t), "s");
  } finally {
    hostsSh("down-end", "down");
    log("extra hosts down");
  }
}
