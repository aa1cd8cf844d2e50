import { TerraformVariable, Testing } from "cdktf";
import { JupyterLab, SparkConfigError, SparkImage, SparkMaster, SparkWorkbench } from "../lib";
import { resource, resources, synth, testCluster, testStack, warnings } from "./helpers";

describe("names, ports and validation", () => {
  test("a stack named Team_Spark gets lowercase Docker names and bucket names that work", () => {
    const { stack } = testStack("Team_Spark");
    new SparkWorkbench(stack, "spark");
    const json = synth(stack);
    expect(resources(json, "docker_container").map((c) => c.name)).toContain("team-spark-spark-master");
    expect(json.output.spark_bucket_uri.value).toBe("s3a://team-spark-spark-data");
  });

  test("long paths are shortened with a hash, stay unique and stable", () => {
    const { stack } = testStack("a-rather-long-stack-name-for-a-team");
    const w = new SparkWorkbench(stack, "a-rather-long-workbench-id", { outputs: false });
    const again = testStack("a-rather-long-stack-name-for-a-team");
    const v = new SparkWorkbench(again.stack, "a-rather-long-workbench-id", { outputs: false });
    expect(w.master?.name).toMatch(/^[a-z0-9-]{1,31}-[0-9a-f]{8}$/);
    expect(w.master?.name).toBe(v.master?.name);
    expect(w.master?.name).not.toBe(w.historyServer?.name);
  });

  test("a port from a Terraform variable is checked where it resolves, not misreported at synth", () => {
    const { stack, network } = testStack();
    const port = new TerraformVariable(stack, "ui_port", { type: "number" });
    new SparkMaster(stack, "master", { image: new SparkImage(stack, "image"), network, uiHostPort: port.numberValue });
    const c = resource(synth(stack), "docker_container", "master/container");
    expect(c.ports[1]).toEqual({ internal: 8080, external: "${var.ui_port}", ip: "127.0.0.1" });
  });

  test("host ports shared by two stacks of one app warn, as the stacks cannot run side by side", () => {
    const app = Testing.app();
    const a = testStack("one", app);
    new SparkWorkbench(a.stack, "spark", { mode: "local" });
    const b = testStack("two", app);
    new SparkWorkbench(b.stack, "spark", { mode: "local", portOffset: 100 });
    const c = testStack("three", app);
    new SparkWorkbench(c.stack, "spark", { mode: "local" });
    synth(b.stack);
    expect(warnings(b.stack)).toEqual([]);
    synth(c.stack);
    expect(warnings(c.stack)).toEqual(expect.arrayContaining([
      expect.stringContaining("three/spark/jupyter: host port 8888 (hostPort) is also used by one/spark/jupyter in another stack"),
    ]));
  });

  test("the error class carries the construct path and the fix", () => {
    const { stack, master } = testCluster();
    try {
      new JupyterLab(stack, "jupyter", { master, hostPort: 0 });
      throw new Error("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(SparkConfigError);
      expect((e as SparkConfigError).constructPath).toBe("test/jupyter");
      expect((e as SparkConfigError).fix).toBe("Use a whole number from 1 to 65535.");
    }
  });

  test("values handed out cannot be changed from outside", () => {
    const { stack, bucket } = testCluster();
    const folders = bucket.folders as string[];
    folders.push("sneaky");
    expect(bucket.folders).toEqual([]);
    synth(stack);
  });
});
