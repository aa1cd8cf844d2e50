import { Size, SparkWorker } from "../lib";
import { envOf, notebookDefaults, resource, resources, sparkDefaults, synth, testCluster, warnings } from "./helpers";
import { JupyterLab } from "../lib";

describe("SparkMaster", () => {
  test("runs the standalone Master bound to its container name, RPC and UI published on loopback", () => {
    const { stack, master } = testCluster();
    const c = resource(synth(stack), "docker_container", "master/container");
    expect(c.name).toBe("test-master");
    expect(master.masterUrl).toBe("spark://test-master:7077");
    expect(c.command).toEqual([
      "/opt/spark/bin/spark-class",
      "org.apache.spark.deploy.master.Master",
      "--host",
      "test-master",
      "--port",
      "7077",
      "--webui-port",
      "8080",
    ]);
    expect(c.ports).toEqual([
      { internal: 7077, external: 7077, ip: "127.0.0.1" },
      { internal: 8080, external: 8080, ip: "127.0.0.1" },
    ]);
    expect(master.uiUrl).toBe("http://127.0.0.1:8080");
  });

  test("is health-checked with wget (no curl in apache/spark), restarted, and waited for", () => {
    const { stack } = testCluster();
    const c = resource(synth(stack), "docker_container", "master/container");
    expect(c.healthcheck.test).toEqual(["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/json/"]);
    expect(c.restart).toBe("unless-stopped");
    expect(c.wait).toBe(true);
  });

  test("requires a generated RPC secret by default, never a constant", () => {
    const { stack } = testCluster();
    const json = synth(stack);
    const conf = sparkDefaults(resource(json, "docker_container", "master/container"));
    expect(conf["spark.authenticate"]).toBe("true");
    expect(conf["spark.authenticate.secret"]).toMatch(/^\$\{random_password\.master_rpc-secret_\w+\.result\}$/);
    expect(resource(json, "random_password", "master/rpc-secret")).toMatchObject({ length: 48, special: false });
    // The REST submission server cannot authenticate; the master refuses to start with it on.
    expect(conf["spark.master.rest.enabled"]).toBe("false");
  });

  test("can run without RPC authentication when asked", () => {
    const { stack } = testCluster({ authenticate: false });
    const conf = sparkDefaults(resource(synth(stack), "docker_container", "master/container"));
    expect(conf["spark.authenticate"]).toBeUndefined();
  });

  test("keeps recovery state on a volume so a restarted master gets its workers back, deleted on destroy so a new deployment never waits for old workers", () => {
    const { stack } = testCluster();
    const json = synth(stack);
    const c = resource(json, "docker_container", "master/container");
    expect(sparkDefaults(c)).toMatchObject({
      "spark.deploy.recoveryMode": "FILESYSTEM",
      "spark.deploy.recoveryDirectory": "/opt/spark/recovery",
    });
    expect(c.volumes).toEqual([
      { volume_name: expect.stringMatching(/^\$\{docker_volume\.master_recovery_\w+\.name\}$/), container_path: "/opt/spark/recovery" },
    ]);
    expect(resources(json, "docker_volume").map((v) => v.name)).toEqual(["test-master-recovery"]);
  });

  test("starts recovery afresh with a new image: another Spark release cannot read the state the old one wrote", () => {
    const { stack, image } = testCluster();
    const volume = resources(synth(stack), "docker_volume")[0];
    // Docker cannot relabel a volume: a new image's name replaces it.
    expect(volume.labels).toEqual([{ label: "cdktf-spark.image", value: image.imageName }]);
  });

  test("creates deletable volumes when retainData is false", () => {
    const { stack } = testCluster({ retainData: false });
    const names = resources(synth(stack), "docker_volume").map((v) => v.name);
    expect(names).toEqual(expect.arrayContaining(["test-master-recovery", "test-master-events"]));
  });

  test("gives drivers the cluster URL, event logging, a per-app core cap and executor memory", () => {
    const { stack, master } = testCluster({ maxCoresPerApp: 2, executorMemory: Size.mebibytes(768) });
    new JupyterLab(stack, "jupyter", { master });
    expect(notebookDefaults(synth(stack))).toMatchObject({
      "spark.master": "spark://test-master:7077",
      "spark.eventLog.enabled": "true",
      "spark.eventLog.dir": "file:///opt/spark/events",
      "spark.cores.max": "2",
      "spark.executor.memory": "768m",
    });
  });

  test("hands the bucket's s3a settings and credentials to the cluster", () => {
    const { stack } = testCluster();
    const c = resource(synth(stack), "docker_container", "master/container");
    expect(sparkDefaults(c)["spark.hadoop.fs.s3a.endpoint"]).toBe("http://test-bucket-s3:8333");
    expect(envOf(c).AWS_ACCESS_KEY_ID).toMatch(/random_password/);
  });

  test("writes event logs to a prefix of its bucket, which the bucket then creates", () => {
    const { stack, master, bucket } = testCluster({ eventLogDir: "s3a://test-bucket/spark-events" });
    new JupyterLab(stack, "jupyter", { master });
    const json = synth(stack);
    expect(master.eventLogDir).toBe("s3a://test-bucket/spark-events");
    expect(notebookDefaults(json)["spark.eventLog.dir"]).toBe("s3a://test-bucket/spark-events");
    expect(bucket.folders).toEqual(["spark-events"]);
    expect(resource(json, "docker_container", "bucket/server/container").command[0]).toContain(
      "fs.mkdir /buckets/test-bucket/spark-events",
    );
  });

  test("reads effective values from the merged configuration: spark.eventLog.dir and spark.executor.memory in sparkProperties count", () => {
    const { stack, master, bucket } = testCluster({
      sparkProperties: { "spark.eventLog.dir": "s3a://test-bucket/logs", "spark.executor.memory": "2g" },
    });
    expect(master.eventLogDir).toBe("s3a://test-bucket/logs");
    expect(master.executorMemory.toSparkString()).toBe("2g");
    expect(bucket.folders).toEqual(["logs"]);
    new SparkWorker(stack, "workers", { master, memory: Size.gibibytes(2) });
    expect(resource(synth(stack), "docker_container", "master/container").volumes).toEqual([
      { volume_name: expect.stringMatching(/^\$\{docker_volume\.master_recovery_/), container_path: "/opt/spark/recovery" },
    ]);
  });

  test("lets user properties override the library's defaults", () => {
    const { stack, master } = testCluster({ sparkProperties: { "spark.sql.shuffle.partitions": "8", "spark.eventLog.enabled": "false" } });
    new JupyterLab(stack, "jupyter", { master });
    const conf = notebookDefaults(synth(stack));
    expect(conf["spark.sql.shuffle.partitions"]).toBe("8");
    expect(conf["spark.eventLog.enabled"]).toBe("false");
  });

  test("warns at synth time when its ports are opened beyond loopback, and not otherwise", () => {
    const open = testCluster({ hostIp: "0.0.0.0" });
    expect(resource(synth(open.stack), "docker_container", "master/container").ports[0].ip).toBe("0.0.0.0");
    expect(warnings(open.stack)).toEqual([expect.stringContaining("test/master: ports are published on 0.0.0.0")]);
    const closed = testCluster();
    synth(closed.stack);
    expect(warnings(closed.stack)).toEqual([]);
  });

  test("exposes its container as the default child, for escape hatches", () => {
    const { master } = testCluster();
    expect((master.node.defaultChild as any).terraformResourceType).toBe("docker_container");
  });
});
