import { Testing } from "cdktf";
import { S3Bucket, Size, SparkWorker } from "../lib";
import { ClusterStack } from "../stacks/cluster-stack";
import { LocalStack } from "../stacks/local-stack";
import { resource, resources, synth, testCluster, testStack } from "./helpers";

describe("every container is fenced", () => {
  const containers = [
    ...resources(synth(new ClusterStack(Testing.app(), "cluster-stack")), "docker_container"),
    ...resources(synth(new LocalStack(Testing.app(), "local-stack")), "docker_container"),
  ];
  const services = containers.filter((c) => !c.name.endsWith("-s3-init"));

  test("runs as a non-root user: the spark user, the S3 server's own, or PostgreSQL's", () => {
    for (const c of services) expect([c.name, c.user]).toEqual([c.name, expect.stringMatching(/^(185:185|1000:1000|999:999)$/)]);
  });

  test("cannot gain privileges and holds no capabilities", () => {
    for (const c of services) {
      expect([c.name, c.security_opts, c.capabilities]).toEqual([c.name, ["no-new-privileges"], { drop: ["ALL"] }]);
    }
  });

  test("has a memory cap (swap written as the provider reads it back) and a CPU cap", () => {
    for (const c of containers) {
      expect([c.name, c.memory > 0, c.memory_swap, c.cpu_period, c.cpu_quota > 0]).toEqual([c.name, true, -1, 100000, true]);
    }
  });

  test("the one root container only hands the S3 volume to the server's user: CHOWN and nothing else to write with", () => {
    const init = containers.filter((c) => c.name.endsWith("-s3-init"));
    expect(init).toHaveLength(2);
    for (const c of init) {
      expect(c).toMatchObject({
        user: "0:0",
        command: ["[ -e /data/.owned ] || touch /data/.owned; chown -R 1000:1000 /data"],
        must_run: false,
        security_opts: ["no-new-privileges"],
      });
      expect(c.capabilities).toEqual({ drop: ["ALL"], add: ["CAP_CHOWN", "CAP_DAC_READ_SEARCH"] });
    }
  });

  test("a worker's memory cap is what it offers plus its daemon and each possible executor's overhead", () => {
    const { stack, master } = testCluster();
    new SparkWorker(stack, "workers", { master, cores: 2, memory: Size.gibibytes(4) });
    const c = resource(synth(stack), "docker_container", "workers/container");
    expect(c.memory).toBe(4096 + 2 * 410 + 1536);
    expect(c.cpu_quota).toBe(300000);
  });

  test("caps follow the resources prop", () => {
    const { stack, network } = testStack();
    new S3Bucket(stack, "bucket", { network, resources: { memory: Size.gibibytes(2), cpus: 0.5 } });
    const c = resource(synth(stack), "docker_container", "bucket/server/container");
    expect([c.memory, c.cpu_quota]).toEqual([2048, 50000]);
  });
});
