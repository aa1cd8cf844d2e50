import { Testing } from "cdktf";
import { JupyterLab, SparkConfigError, SparkWorkbench, WorkbenchMode } from "../lib";
import { resources, synth, testCluster, testStack, warnings } from "./helpers";

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

  test("a shortened name keeps the role readable in docker ps, however long the ids", () => {
    const { stack } = testStack("dataplatform-analytics-development");
    const w = new SparkWorkbench(stack, "dataplatformanalyticsdevelopment", { outputs: false });
    const json = synth(stack);
    const containers = resources(json, "docker_container");
    const workers = Object.values(containers.find((c) => c.for_each)!.for_each as Record<string, { name: string }>).map((w) => w.name);
    const names = [...containers.map((c) => c.name as string).filter((n) => !n.includes("${")), ...workers];
    for (const role of ["master", "history", "jupyter", "connect", "catalog", "data", "worker"]) {
      expect(names.some((n) => new RegExp(`^dataplatform-[a-z0-9-]+-${role}-[0-9a-f]{8}(-|$)`).test(n))).toBe(true);
    }
    expect(names.every((n) => n.length <= 63)).toBe(true);
    expect(w.cluster.master.name.length).toBeLessThanOrEqual(40);
  });

  test("two default workbenches in one stack fail once, naming both and a portOffset that works", () => {
    const { stack } = testStack();
    new SparkWorkbench(stack, "a");
    new SparkWorkbench(stack, "b");
    const message = (() => {
      try {
        synth(stack);
      } catch (e) {
        return (e as Error).message;
      }
      return "";
    })();
    expect(message.match(/SparkWorkbench "test\/b": host ports [\d, ]+ are also used by test\/a\. Set portOffset: 100 /g)).toHaveLength(1);
    expect(message).not.toMatch(/test\/a"/);
    expect(message).toMatch(/host ports 8333, 7077, 8080, 8081, 8082, 18080, 8888, 4040, 15002, 4041 are/);
  });

  test("a portOffset that lands on the other workbench's worker ports gets a value that does not", () => {
    const { stack } = testStack();
    new SparkWorkbench(stack, "a");
    new SparkWorkbench(stack, "b", { portOffset: 1 });
    expect(() => synth(stack)).toThrow(
      /SparkWorkbench "test\/b": host ports 8081, 8082, 4041 are also used by test\/a\. Set portOffset: 101 /,
    );
    const fixed = testStack("fixed");
    new SparkWorkbench(fixed.stack, "a");
    new SparkWorkbench(fixed.stack, "b", { portOffset: 101 });
    expect(() => synth(fixed.stack)).not.toThrow();
  });

  test("a port clash between two single constructs is reported once, with a free port", () => {
    const { stack, master } = testCluster();
    new JupyterLab(stack, "one", { master });
    new JupyterLab(stack, "two", { master, sparkUiHostPort: 4041 });
    const message = (() => {
      try {
        synth(stack);
      } catch (e) {
        return (e as Error).message;
      }
      return "";
    })();
    expect(message.match(/host port 8888/g)).toHaveLength(1);
    expect(message).toMatch(
      /JupyterLab "test\/two": host port 8888 of hostPort is also used by test\/one \(hostPort\)\. Give one of them another hostPort, e\.g\. 8889\./,
    );
  });

  test("host ports shared by two stacks of one app warn, as the stacks cannot run side by side", () => {
    const app = Testing.app();
    const a = testStack("one", app);
    new SparkWorkbench(a.stack, "spark", { mode: WorkbenchMode.LOCAL });
    const b = testStack("two", app);
    new SparkWorkbench(b.stack, "spark", { mode: WorkbenchMode.LOCAL, portOffset: 100 });
    const c = testStack("three", app);
    new SparkWorkbench(c.stack, "spark", { mode: WorkbenchMode.LOCAL });
    synth(b.stack);
    expect(warnings(b.stack)).toEqual([]);
    synth(c.stack);
    expect(warnings(c.stack)).toEqual(
      expect.arrayContaining([
        expect.stringContaining("three/spark/jupyter: host port 8888 (hostPort) is also used by one/spark/jupyter in another stack"),
      ]),
    );
  });

  test("the error class is recognized across two copies of the library, and nothing else is", () => {
    let other: typeof SparkConfigError | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a second copy of the module needs a require inside isolateModules
      other = (require("../lib/errors") as typeof import("../lib/errors")).SparkConfigError;
    });
    const { stack } = testStack();
    const fromOtherCopy = new other!(stack, "problem.", "fix.");
    expect(fromOtherCopy).not.toBeInstanceOf(SparkConfigError);
    expect(SparkConfigError.isSparkConfigError(fromOtherCopy)).toBe(true);
    expect(SparkConfigError.isSparkConfigError(new Error('test "x": problem. fix.'))).toBe(false);
    expect(SparkConfigError.isSparkConfigError(undefined)).toBe(false);
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
