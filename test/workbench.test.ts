import { Size, SparkWorkbench, WorkbenchMode } from "../lib";
import { notebookDefaults, resource, resources, sparkDefaults, synth, testStack } from "./helpers";

describe("SparkWorkbench", () => {
  test("cluster gives the master, workers and history server without undefined, and names the mode where there is none", () => {
    const { stack } = testStack();
    const wb = new SparkWorkbench(stack, "spark");
    const { master, workers, historyServer } = wb.cluster;
    expect([master.masterUrl, workers.uiUrls.length, historyServer.uiUrl]).toEqual([
      "spark://test-spark-master:7077",
      2,
      "http://127.0.0.1:18080",
    ]);
    expect(master).toBe(wb.master);
    const local = new SparkWorkbench(stack, "laptop", { mode: WorkbenchMode.LOCAL, portOffset: 100 });
    expect(() => local.cluster).toThrow(
      /SparkWorkbench "test\/laptop": has no cluster: it runs in mode "local"\. Use mode WorkbenchMode\.CLUSTER/,
    );
  });

  test("twice in one stack: distinct containers, volumes, networks and wiring", () => {
    const { stack } = testStack("team");
    const a = new SparkWorkbench(stack, "etl");
    const b = new SparkWorkbench(stack, "ml", { portOffset: 1000 });
    const json = synth(stack);
    const names = resources(json, "docker_container").flatMap((c) =>
      c.for_each ? Object.values(c.for_each).map((w: any) => w.name) : [c.name],
    );
    expect(names).toHaveLength(22);
    expect(new Set(names).size).toBe(names.length);
    expect(
      resources(json, "docker_network")
        .map((n) => n.name)
        .sort(),
    ).toEqual(["team", "team-etl", "team-ml"]);
    expect(notebookDefaults(json, "etl/jupyter")["spark.master"]).toBe("spark://team-etl-master:7077");
    // The master listens on its (offset) port inside too, so its URL works from every host.
    expect(notebookDefaults(json, "ml/jupyter")["spark.master"]).toBe("spark://team-ml-master:8077");
    expect(resource(json, "docker_container", "ml/worker/container").command).toContain("spark://team-ml-master:8077");
    expect(sparkDefaults(resource(json, "docker_container", "ml/master/container"))["spark.hadoop.fs.s3a.endpoint"]).toBe(
      "http://team-ml-data-s3:8333",
    );
    const volumes = resources(json, "docker_container").flatMap((c) => (c.volumes ?? []).map((v: any) => v.volume_name));
    expect(volumes.filter((v) => !v.startsWith("${"))).toEqual(expect.arrayContaining(["team-etl-master-events", "team-ml-master-events"]));
    expect(resources(json, "docker_volume").map((v) => v.name)).toEqual(
      expect.arrayContaining(["team-etl-master-recovery", "team-ml-master-recovery"]),
    );
    expect(a.master?.uiUrl).toBe("http://127.0.0.1:8080");
    expect(b.master?.uiUrl).toBe("http://127.0.0.1:9080");
    expect(b.jupyter.url).toMatch(/^http:\/\/127\.0\.0\.1:9888\//);
  });

  test("gives each workbench its own outputs, named after it", () => {
    const { stack } = testStack("team");
    new SparkWorkbench(stack, "etl");
    new SparkWorkbench(stack, "ml", { mode: WorkbenchMode.LOCAL, portOffset: 1000 });
    const json = synth(stack);
    expect(Object.keys(json.output).sort()).toEqual([
      "etl_bucket_name",
      "etl_bucket_uri",
      "etl_connect_ui",
      "etl_connect_url",
      "etl_history_ui",
      "etl_jupyter_container",
      "etl_jupyter_url",
      "etl_master_ui",
      "etl_master_url",
      "etl_rpc_secret",
      "etl_s3_endpoint",
      "etl_worker_uis",
      "ml_bucket_name",
      "ml_bucket_uri",
      "ml_connect_ui",
      "ml_connect_url",
      "ml_jupyter_container",
      "ml_jupyter_url",
      "ml_s3_endpoint",
    ]);
    expect(json.output.etl_jupyter_url.sensitive).toBe(true);
    expect(json.output.etl_rpc_secret.sensitive).toBe(true);
    expect(json.output.ml_s3_endpoint.value).toBe("http://127.0.0.1:9333");
  });

  test("has a Connect server where the Spark line ships one, unless turned off", () => {
    const names = (props: ConstructorParameters<typeof SparkWorkbench>[2]) => {
      const { stack } = testStack();
      new SparkWorkbench(stack, "spark", props);
      return resources(synth(stack), "docker_container").map((c) => c.name);
    };
    expect(names({})).toContain("test-spark-connect");
    expect(names({ connect: false })).not.toContain("test-spark-connect");
    expect(names({ image: { sparkVersion: "3.5.8" } })).not.toContain("test-spark-connect");
  });

  test("can leave outputs to the user", () => {
    const { stack } = testStack();
    new SparkWorkbench(stack, "spark", { outputs: false });
    expect(synth(stack).output).toBeUndefined();
  });

  test("passes role props through: worker shape, master limits, JupyterLab packages", () => {
    const { stack } = testStack();
    new SparkWorkbench(stack, "spark", {
      master: { maxCoresPerApp: 3, executorMemory: Size.gibibytes(1) },
      workers: { count: 3, memory: Size.gibibytes(2) },
      jupyter: { pipPackages: ["ipywidgets==8.1.5"] },
    });
    const json = synth(stack);
    expect(Object.keys(resource(json, "docker_container", "spark/worker/container").for_each)).toHaveLength(3);
    expect(notebookDefaults(json, "spark/jupyter")).toMatchObject({ "spark.cores.max": "3", "spark.executor.memory": "1g" });
    expect(resource(json, "docker_image", "spark/jupyter/image").build.build_args.PIP_PACKAGES).toBe("ipywidgets==8.1.5");
  });
});
