import { Container, ContainerVolumes } from "@cdktf/provider-docker/lib/container";
import { readFileSync } from "fs";
import * as path from "path";
import { Size, SparkWorkbench } from "../lib";
import { resource, sparkDefaults, synth, testStack } from "./helpers";
import { ThriftServer } from "./roles/thrift-server";

function cluster() {
  const { stack } = testStack();
  const wb = new SparkWorkbench(stack, "spark", { workers: { count: 1 } });
  return { stack, wb };
}

describe("a role written outside lib/ (test/roles/thrift-server.ts)", () => {
  test("reaches the library through lib/index.ts only", () => {
    const source = readFileSync(path.join(__dirname, "roles", "thrift-server.ts"), "utf8");
    expect([...source.matchAll(/from "([^"]+)"/g)].map((m) => m[1])).toEqual(["constructs", "../../lib"]);
  });

  test("gets the cluster's driver settings, environment and event logs as the library's drivers do", () => {
    const { stack, wb } = cluster();
    new ThriftServer(stack, "thrift", { cluster: wb.master! });
    const json = synth(stack);
    const thrift = resource(json, "docker_container", "thrift/container");
    const conf = sparkDefaults(thrift);
    const notebook = sparkDefaults(resource(json, "docker_container", "spark/jupyter/conf-writer"));
    for (const key of [
      "spark.master",
      "spark.authenticate.secret",
      "spark.eventLog.dir",
      "spark.sql.catalogImplementation",
      "spark.hadoop.fs.s3a.endpoint",
    ]) {
      expect([key, conf[key]]).toEqual([key, notebook[key]]);
    }
    expect(thrift.image).toBe(resource(json, "docker_container", "spark/master/container").image);
    expect(thrift.env).toEqual(expect.arrayContaining([expect.stringMatching(/^AWS_ACCESS_KEY_ID=/)]));
    expect(thrift.ports).toEqual([{ internal: 10000, external: 10000, ip: "127.0.0.1" }]);
    expect(thrift.healthcheck.test).toEqual(expect.arrayContaining([expect.stringContaining("http://127.0.0.1:4040/")]));
  });

  test("asks the cluster for executor memory through attach, checked against its workers' offers", () => {
    const { stack, wb } = cluster();
    new ThriftServer(stack, "thrift", { cluster: wb.master!, executorMemory: Size.gibibytes(4) });
    expect(() => synth(stack)).toThrow(
      /thrift.*spark\.executor\.memory 4g, more than any worker of its cluster offers \(1g at .*spark\/worker\)/,
    );
  });

  test("is fenced as the library's containers are", () => {
    const { stack, wb } = cluster();
    new ThriftServer(stack, "thrift", { cluster: wb.master!, resources: { memory: Size.gibibytes(2), cpus: 0.5 } });
    const thrift = resource(synth(stack), "docker_container", "thrift/container");
    expect(thrift).toMatchObject({
      user: "185:185",
      security_opts: ["no-new-privileges"],
      capabilities: { drop: ["ALL"] },
      memory: 2048,
      cpu_quota: 50000,
    });
  });

  test("cannot take a host port another construct publishes", () => {
    const { stack, wb } = cluster();
    new ThriftServer(stack, "thrift", { cluster: wb.master!, hostPort: 8888 });
    expect(() => synth(stack)).toThrow(/host port 8888/);
  });

  test("keeps the library's wiring: its escape hatches are guarded, its additions add", () => {
    const { stack, wb } = cluster();
    const thrift = new ThriftServer(stack, "thrift", { cluster: wb.master! });
    expect(() =>
      (thrift.node.defaultChild as Container).putVolumes([{ volumeName: "x", containerPath: "/x" } as ContainerVolumes]),
    ).toThrow(/ThriftServer "test\/thrift": putVolumes\(…\) on its container would replace the library's volumes/);
    thrift.addEnvironment("TEAM", "data");
    thrift.addSparkProperties({ "spark.sql.shuffle.partitions": "8" });
    const container = resource(synth(stack), "docker_container", "thrift/container");
    expect(container.env).toContain("TEAM=data");
    expect(sparkDefaults(container)["spark.sql.shuffle.partitions"]).toBe("8");
  });
});
