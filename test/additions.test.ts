import { JupyterLab, SparkWorker } from "../lib";
import { envOf, resource, synth, testCluster } from "./helpers";

describe("adding to a role's container", () => {
  test("an environment variable and a volume added after construction join the library's own", () => {
    const { stack, master } = testCluster();
    const lab = new JupyterLab(stack, "jupyter", { master });
    lab.addEnvironment("TEAM_DATASET", "s3a://test-bucket/raw");
    lab.addVolume({ volumeName: "reference-data", containerPath: "/data/reference", readOnly: true });
    const c = resource(synth(stack), "docker_container", "jupyter/container");
    expect(envOf(c)).toMatchObject({ TEAM_DATASET: "s3a://test-bucket/raw", SPARK_PUBLIC_DNS: "127.0.0.1" });
    expect(c.volumes).toContainEqual({ volume_name: "reference-data", container_path: "/data/reference", read_only: true });
    expect(c.volumes.map((v: { container_path: string }) => v.container_path)).toEqual(expect.arrayContaining(["/opt/spark/conf", "/home/spark/notebooks", "/data/reference"]));
  });

  test("a worker group's additions reach every worker, beside the RPC secret's conf", () => {
    const { stack, master } = testCluster();
    const workers = new SparkWorker(stack, "workers", { master, count: 3 });
    workers.addEnvironment("ARROW_DEFAULT_MEMORY_POOL", "system");
    workers.addVolume({ hostPath: "/srv/models", containerPath: "/models", readOnly: true });
    const c = resource(synth(stack), "docker_container", "workers/container");
    expect(c.for_each).toBeDefined();
    expect(envOf(c).ARROW_DEFAULT_MEMORY_POOL).toBe("system");
    expect(c.volumes).toContainEqual({ host_path: "/srv/models", container_path: "/models", read_only: true });
    expect(c.upload[0].content).toContain("spark.authenticate.secret");
  });

  test("what the library sets cannot be replaced or covered", () => {
    const { stack, master } = testCluster();
    const lab = new JupyterLab(stack, "jupyter", { master });
    expect(() => master.addEnvironment("AWS_ACCESS_KEY_ID", "mine")).toThrow(/SparkMaster "test\/master": environment variable AWS_ACCESS_KEY_ID is set by the library.*Use another name/);
    expect(() => lab.addVolume({ volumeName: "mine", containerPath: "/opt/spark/conf" })).toThrow(/JupyterLab "test\/jupyter": volume at \/opt\/spark\/conf would cover or sit inside \/opt\/spark\/conf/);
    expect(() => lab.addVolume({ volumeName: "mine", containerPath: "/home/spark" })).toThrow(/would cover or sit inside \/home\/spark\/notebooks.*Mount it elsewhere/);
    expect(() => master.addVolume({ volumeName: "mine", containerPath: "/opt" })).toThrow(/SparkMaster "test\/master": volume at \/opt would cover or sit inside \/opt\/spark/);
    expect(() => lab.addVolume({ volumeName: "mine", containerPath: "data" })).toThrow(/containerPath "data" is not an absolute path/);
    expect(() => lab.addVolume({ containerPath: "/data" })).toThrow(/needs exactly one of volumeName and hostPath/);
    expect(() => lab.addEnvironment("2FAST", "x")).toThrow(/environment variable name "2FAST" is not valid/);
  });
});
