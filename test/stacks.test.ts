import { Testing } from "cdktf";
import { BucketMode } from "../lib";
import { FRAMEWORK } from "../lib/private/framework";
import { ClusterStack } from "../stacks/cluster-stack";
import { LocalStack } from "../stacks/local-stack";
import { WorkbenchSettings } from "../stacks/settings";
import { envOf, notebookDefaults, resource, resources, synth } from "./helpers";

function cluster(settings: WorkbenchSettings = {}) {
  return synth(new ClusterStack(Testing.app(), "cluster-stack", settings));
}

describe("local-stack", () => {
  const json = synth(new LocalStack(Testing.app(), "local-stack"));

  test("is JupyterLab and a Connect server in local mode plus a local bucket on one network, and nothing else", () => {
    expect(
      resources(json, "docker_container")
        .map((c) => c.name)
        .sort(),
    ).toEqual([
      "local-stack-spark-catalog",
      "local-stack-spark-catalog-schema",
      "local-stack-spark-connect",
      "local-stack-spark-data-s3",
      "local-stack-spark-data-s3-init",
      "local-stack-spark-jupyter",
      "local-stack-spark-jupyter-conf",
    ]);
    expect(resources(json, "docker_network").map((n) => n.name)).toEqual(["local-stack-spark"]);
    expect(notebookDefaults(json, "spark/jupyter")["spark.master"]).toBe("local[*]");
  });

  test("declares docker and random but not the AWS provider", () => {
    expect(Object.keys(json.terraform.required_providers).sort()).toEqual(["docker", "random"]);
  });

  test("outputs the Jupyter URL as sensitive, and the bucket", () => {
    expect(json.output.spark_jupyter_url.sensitive).toBe(true);
    expect(json.output.spark_bucket_uri.value).toBe("s3a://local-stack-spark-data");
    expect(json.output.spark_s3_endpoint.value).toBe("http://127.0.0.1:8333");
  });
});

describe("cluster-stack", () => {
  test("is a master, 2 workers, a history server, JupyterLab and a Connect server in client mode, and a bucket", () => {
    const json = cluster();
    const names = resources(json, "docker_container")
      .map((c) => c.name)
      .sort();
    expect(names).toEqual([
      "${each.value.name}",
      "cluster-stack-spark-catalog",
      "cluster-stack-spark-catalog-schema",
      "cluster-stack-spark-connect",
      "cluster-stack-spark-data-s3",
      "cluster-stack-spark-data-s3-init",
      "cluster-stack-spark-history",
      "cluster-stack-spark-jupyter",
      "cluster-stack-spark-jupyter-conf",
      "cluster-stack-spark-master",
    ]);
    expect(resource(json, "docker_container", "spark/worker/container").for_each).toEqual({
      1: { name: "cluster-stack-spark-worker-1", port: 8081 },
      2: { name: "cluster-stack-spark-worker-2", port: 8082 },
    });
    expect(notebookDefaults(json, "spark/jupyter")["spark.master"]).toBe("spark://cluster-stack-spark-master:7077");
  });

  test("builds one Spark image that every Spark container runs, and JupyterLab on top of it", () => {
    const json = cluster();
    const spark = resource(json, "docker_image", "spark/image");
    for (const path of ["spark/master/container", "spark/worker/container", "spark/history/container"]) {
      expect(resource(json, "docker_container", path).image).toBe(spark.name);
    }
    expect(resource(json, "docker_image", "spark/jupyter/image").build.build_args.SPARK_IMAGE).toBe(spark.name);
  });

  test("outputs every URL a user needs", () => {
    const json = cluster({ workers: 3 });
    expect(json.output.spark_master_url.value).toBe("spark://cluster-stack-spark-master:7077");
    expect(json.output.spark_master_ui.value).toBe("http://127.0.0.1:8080");
    expect(json.output.spark_worker_uis.value).toEqual(["http://127.0.0.1:8081", "http://127.0.0.1:8082", "http://127.0.0.1:8083"]);
    expect(json.output.spark_history_ui.value).toBe("http://127.0.0.1:18080");
    expect(json.output.spark_jupyter_url.sensitive).toBe(true);
    expect(json.output.spark_rpc_secret).toEqual({
      value: expect.stringMatching(/random_password\.spark_master_rpc-secret/),
      sensitive: true,
    });
    expect(json.output.spark_bucket_uri.value).toBe("s3a://cluster-stack-spark-data");
    expect(json.output.spark_connect_url.sensitive).toBe(true);
    expect(json.output.spark_connect_ui.value).toBe("http://127.0.0.1:4041");
  });

  test("publishes nothing beyond loopback", () => {
    const json = cluster();
    const ips = resources(json, "docker_container").flatMap((c) => (c.ports ?? []).map((p: any) => p.ip));
    expect(new Set(ips)).toEqual(new Set(["127.0.0.1"]));
  });

  test("follows the settings: version, base images, worker shape, cores per application", () => {
    const json = cluster({
      sparkVersion: "3.5.8",
      sparkBaseImage: "local/spark:3.5.8",
      s3ServerImage: "local/seaweedfs",
      workers: 4,
      workerCores: 2,
      workerMemory: "2g",
      maxCoresPerApp: 3,
    });
    expect(notebookDefaults(json, "spark/jupyter")["spark.cores.max"]).toBe("3");
    expect(resource(json, "docker_image", "spark/image").build.build_args).toMatchObject({
      BASE_IMAGE: "local/spark:3.5.8",
      HADOOP_VERSION: "3.3.4",
    });
    expect(resource(json, "docker_container", "spark/data/server/container").image).toBe("local/seaweedfs");
    const workers = resource(json, "docker_container", "spark/worker/container");
    expect(Object.keys(workers.for_each)).toHaveLength(4);
    expect(workers.command).toEqual(expect.arrayContaining(["--cores", "2", "--memory", "2g"]));
  });

  test("puts the Maven stand-ins the settings name into the Spark image", () => {
    const json = cluster({ sparkVersion: "4.0.2", cloudCommitterVersion: "4.0.1", awsSdkVersion: "2.24.8" });
    expect(resource(json, "docker_image", "spark/image").build.build_args).toMatchObject({
      S3A_ARTIFACTS:
        "org.apache.hadoop:hadoop-aws:3.4.1 software.amazon.awssdk:s3:2.24.8 software.amazon.awssdk:sts:2.24.8 software.amazon.awssdk:s3-transfer-manager:2.24.8",
      CLOUD_COMMITTER_ARTIFACT: "org.apache.spark:spark-hadoop-cloud_2.13:4.0.1",
    });
  });

  test("switches the bucket to AWS, with the AWS provider and the deployer's credentials in every Spark container", () => {
    const json = cluster({ bucketMode: BucketMode.AWS, awsRegion: "eu-central-1" });
    expect(json.provider.aws).toEqual([{ region: "eu-central-1" }]);
    expect(resources(json, "docker_container").map((c) => c.name)).not.toContain("cluster-stack-spark-data-s3");
    for (const path of ["spark/master/container", "spark/worker/container", "spark/history/container", "spark/jupyter/container"]) {
      expect(envOf(resource(json, "docker_container", path)).AWS_ACCESS_KEY_ID).toBe("${var.spark_s3_access_key_id}");
    }
    expect(json.output.spark_s3a_policy_arn.value).toMatch(/aws_iam_policy\.spark_data_aws_s3a-policy_\w+\.arn/);
  });

  test("leaves the Connect server out when the setting says so", () => {
    const names = resources(cluster({ connect: false }), "docker_container").map((c) => c.name);
    expect(names).not.toContain("cluster-stack-spark-connect");
  });

  test("synthesizes the same Terraform every time", () => {
    expect(JSON.stringify(cluster())).toBe(JSON.stringify(cluster()));
  });
});

describe("provider versions", () => {
  test("require what the bindings were generated from, unless a setting says otherwise", () => {
    expect(cluster().terraform.required_providers).toMatchObject({
      docker: { source: "kreuzwerker/docker", version: FRAMEWORK.dockerProviderVersion },
      random: { source: "hashicorp/random", version: FRAMEWORK.randomProviderVersion },
    });
    expect(cluster({ dockerProviderVersion: "4.5.0", randomProviderVersion: "3.9.0" }).terraform.required_providers).toMatchObject({
      docker: { version: "4.5.0" },
      random: { version: "3.9.0" },
    });
  });
});
