import { JupyterLab, S3Bucket, Size, SparkImage, SparkWorker } from "../lib";
import { envOf, notebookDefaults, resource, resources, synth, testCluster, testStack } from "./helpers";

describe("JupyterLab", () => {
  test("in client mode drives the cluster, with executors calling back to its container", () => {
    const { stack, master } = testCluster();
    new JupyterLab(stack, "jupyter", { master });
    expect(notebookDefaults(synth(stack))).toMatchObject({
      "spark.master": "spark://test-master:7077",
      "spark.driver.host": "test-jupyter",
      "spark.driver.bindAddress": "0.0.0.0",
      "spark.cores.max": "1",
      "spark.executor.memory": "512m",
      "spark.authenticate": "true",
      "spark.hadoop.fs.s3a.path.style.access": "true",
    });
  });

  test("in local mode runs Spark inside the notebook container with the bucket's s3a settings", () => {
    const { stack, network } = testStack();
    const image = new SparkImage(stack, "image");
    const bucket = new S3Bucket(stack, "bucket", { network });
    new JupyterLab(stack, "jupyter", { image, network, bucket });
    const json = synth(stack);
    const c = resource(json, "docker_container", "jupyter/container");
    expect(notebookDefaults(json)).toMatchObject({
      "spark.master": "local[*]",
      "spark.hadoop.fs.s3a.endpoint": "http://test-bucket-s3:8333",
    });
    expect(envOf(c).AWS_ACCESS_KEY_ID).toMatch(/random_password/);
  });

  test("is built on the cluster's Spark image, so driver and executors share versions", () => {
    const { stack, master, image: spark } = testCluster();
    new JupyterLab(stack, "jupyter", { master, pipPackages: ["ipywidgets==8.1.5"] });
    const json = synth(stack);
    const image = resource(json, "docker_image", "jupyter/image");
    expect(image.build.context).toMatch(/^assets\/cdktf-spark-context-jupyter\/[0-9A-F]{32}$/);
    expect(image.build.build_args).toEqual({
      SPARK_IMAGE: spark.imageName,
      JUPYTERLAB_VERSION: "4.6.6",
      PIP_PACKAGES: "ipywidgets==8.1.5",
    });
    expect(image.depends_on).toEqual([expect.stringMatching(/^docker_image\.image_[0-9A-F]{8}$/)]);
    expect(resource(json, "docker_container", "jupyter/container").image).toBe(image.name);
  });

  test("requires a generated token, passed by environment, and gives a URL carrying it", () => {
    const { stack, master } = testCluster();
    const jupyter = new JupyterLab(stack, "jupyter", { master });
    const json = synth(stack);
    expect(resource(json, "random_password", "jupyter/token")).toMatchObject({ length: 48, special: false });
    const c = resource(json, "docker_container", "jupyter/container");
    expect(envOf(c).JUPYTER_TOKEN).toMatch(/^\$\{random_password\.jupyter_token_\w+\.result\}$/);
    expect(jupyter.url).toMatch(/^http:\/\/127\.0\.0\.1:8888\/lab\?token=\$\{TfToken/);
  });

  test("gives dbutils the bucket as the DBFS root, and secrets as dbutils.secrets reads them", () => {
    const c = testCluster();
    const lab = new JupyterLab(c.stack, "jupyter", { master: c.master });
    lab.addSecret("team-db", "token", "s3cr3t");
    const env = envOf(resource(synth(c.stack), "docker_container", "jupyter/container"));
    expect(env).toMatchObject({ CDKTF_SPARK_DBFS_ROOT: "s3a://test-bucket", CDKTF_SPARK_SECRET_TEAM_DB__TOKEN: "s3cr3t" });
    expect(() => lab.addSecret("team db", "token", "x")).toThrow(
      /JupyterLab "test\/jupyter": secret scope "team db" is not a Databricks secret scope name\. Use letters, digits/,
    );
    expect(() => lab.addSecret("team-db", "token", "again")).toThrow(
      /environment variable CDKTF_SPARK_SECRET_TEAM_DB__TOKEN is added twice/,
    );
  });

  test("keeps notebooks on a retained named volume, or a host folder", () => {
    const { stack, master } = testCluster();
    new JupyterLab(stack, "jupyter", { master });
    const c = resource(synth(stack), "docker_container", "jupyter/container");
    expect(c.volumes).toContainEqual({ volume_name: "test-jupyter-notebooks", container_path: "/home/spark/notebooks" });

    const other = testCluster();
    new JupyterLab(other.stack, "jupyter", { master: other.master, notebooksHostPath: "/srv/notebooks" });
    const d = resource(synth(other.stack), "docker_container", "jupyter/container");
    expect(d.volumes).toContainEqual({ host_path: "/srv/notebooks", container_path: "/home/spark/notebooks" });
  });

  test("publishes JupyterLab and the Spark UI on loopback, health-checked without the token", () => {
    const { stack, master } = testCluster();
    new JupyterLab(stack, "jupyter", { master });
    const c = resource(synth(stack), "docker_container", "jupyter/container");
    expect(c.ports).toEqual([
      { internal: 8888, external: 8888, ip: "127.0.0.1" },
      { internal: 4040, external: 4040, ip: "127.0.0.1" },
    ]);
    expect(c.healthcheck.test).toContain("http://127.0.0.1:8888/api");
  });

  test("gets its Spark settings from a volume, so changing them never replaces JupyterLab", () => {
    const jupyterWith = (settings: Parameters<typeof testCluster>[0], workers: number) => {
      const c = testCluster(settings);
      new SparkWorker(c.stack, "workers", { master: c.master, count: workers });
      new JupyterLab(c.stack, "jupyter", { master: c.master });
      const json = synth(c.stack);
      return {
        lab: resource(json, "docker_container", "jupyter/container"),
        conf: resource(json, "docker_container", "jupyter/conf-writer"),
      };
    };
    const before = jupyterWith({}, 2);
    const after = jupyterWith({ maxCoresPerApp: 2, sparkProperties: { "spark.sql.shuffle.partitions": "8" } }, 4);
    expect(after.lab).toEqual(before.lab);
    expect(after.conf.upload).not.toEqual(before.conf.upload);
    expect(before.lab.upload).toBeUndefined();
    const confVolume = expect.stringMatching(/^\$\{docker_volume\.jupyter_conf_\w+\.name\}$/);
    expect(before.lab.volumes).toContainEqual({ volume_name: confVolume, container_path: "/opt/spark/conf", read_only: true });
    expect(before.conf).toMatchObject({
      must_run: false,
      attach: true,
      volumes: [{ volume_name: confVolume, container_path: "/opt/spark/conf" }],
    });
  });

  test("keeps its conf volume (it holds the RPC secret) only as long as the stack: destroy deletes it", () => {
    const { stack, master } = testCluster();
    new JupyterLab(stack, "jupyter", { master });
    expect(resources(synth(stack), "docker_volume").map((v) => v.name)).toContain("test-jupyter-conf");
  });

  test("keeps the master's user properties in notebook sessions, over the library's defaults", () => {
    const { stack, master } = testCluster({ sparkProperties: { "spark.hadoop.fs.s3a.endpoint": "http://elsewhere:9000" } });
    new JupyterLab(stack, "jupyter", { master });
    expect(notebookDefaults(synth(stack))["spark.hadoop.fs.s3a.endpoint"]).toBe("http://elsewhere:9000");
  });

  test("gives notebook sessions larger executors than the master's default when a worker offers that much", () => {
    const { stack, master } = testCluster();
    new SparkWorker(stack, "small", { master, memory: Size.gibibytes(1) });
    new SparkWorker(stack, "large", { master, memory: Size.gibibytes(4), uiPortBase: 8091 });
    new JupyterLab(stack, "jupyter", { master, sparkProperties: { "spark.executor.memory": "3g" } });
    expect(notebookDefaults(synth(stack))["spark.executor.memory"]).toBe("3g");
  });

  test("may be given the master's own network and bucket explicitly", () => {
    const { stack, master, network, bucket } = testCluster();
    new JupyterLab(stack, "jupyter", { master, network, bucket });
    expect(notebookDefaults(synth(stack))["spark.master"]).toBe("spark://test-master:7077");
  });
});
