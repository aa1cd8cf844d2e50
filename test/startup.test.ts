import { spawn } from "child_process";
import { AddressInfo, createServer } from "net";
import { HistoryServer, JupyterLab, SparkConnectServer, SparkWorker } from "../lib";
import { startWhenReachable } from "../lib/private/spark-container";
import { envOf, notebookDefaults, resource, sparkDefaults, synth, testCluster } from "./helpers";

/** A master with a worker group, history server, JupyterLab and Connect server, as a stack. */
function wholeCluster() {
  const { stack, master } = testCluster();
  new SparkWorker(stack, "workers", { master });
  new HistoryServer(stack, "history", { master });
  new JupyterLab(stack, "jupyter", { master });
  new SparkConnectServer(stack, "connect", { master });
  return stack;
}

/** Terraform addresses a resource waits for (depends_on), without the interpolation braces. */
const waitsFor = (r: any): string[] => (r.depends_on ?? []).map((d: string) => d.replace(/^\$\{|\}$/g, ""));

describe("startup order", () => {
  test("master, workers, history server, JupyterLab and Connect start together: none waits for the master's container", () => {
    const json = synth(wholeCluster());
    for (const path of ["workers/container", "history/container", "jupyter/container", "connect/container"]) {
      expect(waitsFor(resource(json, "docker_container", path))).not.toContainEqual(expect.stringMatching(/^docker_container\.master_/));
    }
  });

  test("the master does not wait for the bucket's server, which it never touches", () => {
    const { stack } = testCluster();
    const master = resource(synth(stack), "docker_container", "master/container");
    expect(waitsFor(master)).not.toContainEqual(expect.stringMatching(/^docker_container\.bucket_/));
  });

  test("the history server and drivers wait for the bucket only when event logs live on it", () => {
    const onVolume = testCluster();
    new HistoryServer(onVolume.stack, "history", { master: onVolume.master });
    new SparkConnectServer(onVolume.stack, "connect", { master: onVolume.master });
    const volumeJson = synth(onVolume.stack);
    for (const path of ["history/container", "connect/container"]) {
      expect(waitsFor(resource(volumeJson, "docker_container", path))).not.toContainEqual(
        expect.stringMatching(/^docker_container\.bucket_/),
      );
    }

    const onS3 = testCluster({ eventLogDir: "s3a://test-bucket/spark-events" });
    new HistoryServer(onS3.stack, "history", { master: onS3.master });
    new SparkConnectServer(onS3.stack, "connect", { master: onS3.master });
    const s3Json = synth(onS3.stack);
    for (const path of ["history/container", "connect/container"]) {
      expect(waitsFor(resource(s3Json, "docker_container", path))).toContainEqual(
        expect.stringMatching(/^docker_container\.bucket_server_container/),
      );
    }
  });

  test("workers and the Connect server start their JVM once the master's RPC port accepts connections", () => {
    const { stack, master } = testCluster();
    new SparkWorker(stack, "workers", { master });
    new SparkConnectServer(stack, "connect", { master });
    const json = synth(stack);
    const wait = startWhenReachable({ host: "test-master", port: 7077 }, []);
    for (const path of ["workers/container", "connect/container"]) {
      expect(resource(json, "docker_container", path).command.slice(0, wait.length)).toEqual(wait);
    }
  });

  test("startWhenReachable runs its command only after the endpoint listens, with the arguments intact", async () => {
    // Reserve a free port, release it, and open it again 600 ms after the wrapper starts.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));

    const started = Date.now();
    const [shell, ...args] = startWhenReachable({ host: "127.0.0.1", port }, ["printf", "%s|", "a b", "$HOME"]);
    const child = spawn(shell, args);
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    const server = createServer((socket) => socket.destroy());
    setTimeout(() => server.listen(port, "127.0.0.1"), 600);
    const code = await new Promise((resolve) => child.on("close", resolve));
    server.close();
    expect(code).toBe(0);
    expect(out).toBe("a b|$HOME|");
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
  });
});

describe("start-up CPU", () => {
  test("the master, workers and history server start their JVM on the quick JIT; drivers keep the full one", () => {
    const json = synth(wholeCluster());
    const daemonOpts = (path: string) =>
      (resource(json, "docker_container", path).env ?? []).find((e: string) => e.startsWith("SPARK_DAEMON_JAVA_OPTS="));
    for (const path of ["master/container", "workers/container", "history/container"]) {
      expect(daemonOpts(path)).toMatch(/^SPARK_DAEMON_JAVA_OPTS=-XX:TieredStopAtLevel=1 /);
    }
    for (const path of ["jupyter/container", "connect/container"]) expect(daemonOpts(path)).toBeUndefined();
  });

  test("the history and Connect servers yield the CPU while the host is busy; the master, workers and JupyterLab do not", () => {
    const json = synth(wholeCluster());
    const shares = (path: string) => resource(json, "docker_container", path).cpu_shares;
    expect(shares("history/container")).toBe(256);
    expect(shares("connect/container")).toBe(256);
    for (const path of ["master/container", "workers/container", "jupyter/container"]) expect(shares(path)).toBeUndefined();
  });

  test("a deploy waits longer for the roles that yield the CPU to become healthy (they start last on a busy host)", () => {
    const json = synth(wholeCluster());
    const wait = (path: string) => resource(json, "docker_container", path).wait_timeout;
    expect([wait("history/container"), wait("connect/container")]).toEqual([420, 420]);
    for (const path of ["master/container", "workers/container", "jupyter/container"]) expect(wait(path)).toBe(180);
  });
});

describe("class-data sharing", () => {
  const ARCHIVE = "-XX:SharedArchiveFile=/opt/spark/cds/spark.jsa";

  test("every spark-defaults.conf starts drivers and executors on the image's archive, the jars before the conf folder", () => {
    const json = synth(wholeCluster());
    // JupyterLab's file is written into its conf volume by its conf-writer, so that sessions read it.
    const files = ["master/container", "workers/container", "history/container", "connect/container", "jupyter/conf-writer"].map((p) =>
      resource(json, "docker_container", p),
    );
    for (const container of files) {
      const conf = sparkDefaults(container);
      for (const role of ["driver", "executor"]) {
        expect(conf[`spark.${role}.extraClassPath`]).toBe("/opt/spark/jars/*");
        expect(conf[`spark.${role}.defaultJavaOptions`]).toContain(ARCHIVE);
      }
    }
  });

  test("the daemons start on it from spark-class's variables", () => {
    const json = synth(wholeCluster());
    for (const path of ["master/container", "workers/container", "history/container"]) {
      const env = envOf(resource(json, "docker_container", path));
      expect(env.SPARK_DAEMON_CLASSPATH).toBe("/opt/spark/jars/*");
      expect(env.SPARK_DAEMON_JAVA_OPTS).toContain(ARCHIVE);
    }
  });

  test("a class path or JVM option a user adds is kept, after the archive's", () => {
    const stack = wholeCluster();
    const lab = stack.node.findChild("jupyter") as JupyterLab;
    lab.addSparkProperties({ "spark.driver.extraClassPath": "/data/jdbc.jar", "spark.executor.defaultJavaOptions": "-Duser.timezone=UTC" });
    const conf = notebookDefaults(synth(stack));
    expect(conf["spark.driver.extraClassPath"]).toBe("/opt/spark/jars/*:/data/jdbc.jar");
    expect(conf["spark.executor.defaultJavaOptions"]).toBe(`${ARCHIVE} -Xlog:cds=off -Duser.timezone=UTC`);
  });
});
