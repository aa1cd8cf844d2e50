import { Size, SparkWorker } from "../lib";
import { resource, sparkDefaults, synth, testCluster } from "./helpers";

describe("SparkWorker", () => {
  test("creates N workers with explicit cores and memory, registered to the master", () => {
    const { stack, master } = testCluster();
    new SparkWorker(stack, "workers", { master, count: 3, cores: 2, memory: Size.gibibytes(2) });
    const c = resource(synth(stack), "docker_container", "workers/container");
    expect(Object.keys(c.for_each)).toEqual(["1", "2", "3"]);
    // The JVM starts once the master accepts connections (see startup.test.ts).
    expect(c.command.slice(c.command.indexOf("/opt/spark/bin/spark-class"))).toEqual([
      "/opt/spark/bin/spark-class",
      "org.apache.spark.deploy.worker.Worker",
      "--host",
      "${each.value.name}",
      "--cores",
      "2",
      "--memory",
      "2g",
      "--webui-port",
      "${each.value.port}",
      "--work-dir",
      "/opt/spark/work-dir/worker",
      "spark://test-master:7077",
    ]);
  });

  test("defaults to 2 workers of 1 core and 1g, named after the construct", () => {
    const { stack, master } = testCluster();
    const workers = new SparkWorker(stack, "workers", { master });
    const c = resource(synth(stack), "docker_container", "workers/container");
    expect(Object.keys(c.for_each)).toHaveLength(2);
    expect(c.command).toEqual(expect.arrayContaining(["--cores", "1", "--memory", "1g"]));
    expect(workers.names).toEqual(["test-workers-1", "test-workers-2"]);
  });

  test("gives every worker its own UI port, the same inside and on the host", () => {
    const { stack, master } = testCluster();
    const workers = new SparkWorker(stack, "workers", { master, count: 3, uiPortBase: 9001 });
    const c = resource(synth(stack), "docker_container", "workers/container");
    expect(c.for_each).toEqual({
      1: { name: "test-workers-1", port: 9001 },
      2: { name: "test-workers-2", port: 9002 },
      3: { name: "test-workers-3", port: 9003 },
    });
    expect(c.ports).toEqual([{ internal: "${each.value.port}", external: "${each.value.port}", ip: "127.0.0.1" }]);
    expect(workers.uiUrls).toEqual(["http://127.0.0.1:9001", "http://127.0.0.1:9002", "http://127.0.0.1:9003"]);
  });

  test("shares the master's secret and bucket, and cleans finished work directories", () => {
    const { stack, master } = testCluster();
    new SparkWorker(stack, "workers", { master });
    const json = synth(stack);
    const conf = sparkDefaults(resource(json, "docker_container", "workers/container"));
    const masterConf = sparkDefaults(resource(json, "docker_container", "master/container"));
    expect(conf["spark.authenticate.secret"]).toBe(masterConf["spark.authenticate.secret"]);
    expect(conf["spark.hadoop.fs.s3a.endpoint"]).toBe(masterConf["spark.hadoop.fs.s3a.endpoint"]);
    expect(conf["spark.worker.cleanup.enabled"]).toBe("true");
    expect(conf["spark.worker.cleanup.appDataTtl"]).toBe("86400");
  });

  test("adding workers keeps existing keys, so running workers are not replaced", () => {
    const two = testCluster();
    new SparkWorker(two.stack, "workers", { master: two.master, count: 2 });
    const four = testCluster();
    new SparkWorker(four.stack, "workers", { master: four.master, count: 4 });
    const before = resource(synth(two.stack), "docker_container", "workers/container").for_each;
    const after = resource(synth(four.stack), "docker_container", "workers/container").for_each;
    expect(after).toMatchObject(before);
  });

  test("two worker groups on one master get distinct names and ports apart", () => {
    const { stack, master } = testCluster();
    const a = new SparkWorker(stack, "small", { master });
    const b = new SparkWorker(stack, "big", { master, uiPortBase: 9081, memory: Size.gibibytes(4) });
    synth(stack);
    expect([...a.names, ...b.names]).toEqual(["test-small-1", "test-small-2", "test-big-1", "test-big-2"]);
  });
});
