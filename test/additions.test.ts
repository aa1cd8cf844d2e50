import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformResource } from "cdktf";
import { Construct } from "constructs";
import {
  BucketMode,
  ClusterAttachment,
  HistoryServer,
  ISparkCluster,
  RoleNeeds,
  JupyterLab,
  S3Bucket,
  Size,
  SparkConnectServer,
  SparkWorker,
} from "../lib";
import { envOf, notebookDefaults, resource, sparkDefaults, synth, testCluster, testStack } from "./helpers";

describe("adding to a role's container", () => {
  test("an environment variable and a volume added after construction join the library's own", () => {
    const { stack, master } = testCluster();
    const lab = new JupyterLab(stack, "jupyter", { master });
    lab.addEnvironment("TEAM_DATASET", "s3a://test-bucket/raw");
    lab.addVolume({ volumeName: "reference-data", containerPath: "/data/reference", readOnly: true });
    const c = resource(synth(stack), "docker_container", "jupyter/container");
    expect(envOf(c)).toMatchObject({ TEAM_DATASET: "s3a://test-bucket/raw", SPARK_PUBLIC_DNS: "127.0.0.1" });
    expect(c.volumes).toContainEqual({ volume_name: "reference-data", container_path: "/data/reference", read_only: true });
    expect(c.volumes.map((v: { container_path: string }) => v.container_path)).toEqual(
      expect.arrayContaining(["/opt/spark/conf", "/home/spark/notebooks", "/data/reference"]),
    );
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
    expect(() => master.addEnvironment("AWS_ACCESS_KEY_ID", "mine")).toThrow(
      /SparkMaster "test\/master": environment variable AWS_ACCESS_KEY_ID is set by the library.*Use another name/,
    );
    expect(() => lab.addVolume({ volumeName: "mine", containerPath: "/opt/spark/conf" })).toThrow(
      /JupyterLab "test\/jupyter": volume at \/opt\/spark\/conf would cover or sit inside \/opt\/spark\/conf/,
    );
    expect(() => lab.addVolume({ volumeName: "mine", containerPath: "/home/spark" })).toThrow(
      /would cover or sit inside \/home\/spark\/notebooks.*Mount it elsewhere/,
    );
    expect(() => master.addVolume({ volumeName: "mine", containerPath: "/opt" })).toThrow(
      /SparkMaster "test\/master": volume at \/opt would cover or sit inside \/opt\/spark/,
    );
    expect(() => lab.addVolume({ volumeName: "mine", containerPath: "data" })).toThrow(/containerPath "data" is not an absolute path/);
    expect(() => lab.addVolume({ containerPath: "/data" })).toThrow(/needs exactly one of volumeName and hostPath/);
    expect(() => lab.addEnvironment("2FAST", "x")).toThrow(/environment variable name "2FAST" is not valid/);
  });

  test("Spark properties added to a driver after construction reach its sessions, over the library's", () => {
    const { stack, master } = testCluster();
    new SparkWorker(stack, "workers", { master, memory: Size.gibibytes(2) });
    const lab = new JupyterLab(stack, "jupyter", { master, sparkProperties: { "spark.sql.shuffle.partitions": "8" } });
    const connect = new SparkConnectServer(stack, "connect", { master });
    lab.addSparkProperties({ "spark.sql.shuffle.partitions": "16", "spark.executor.memory": "1g" });
    connect.addSparkProperties({ "spark.sql.session.timeZone": "UTC" });
    const json = synth(stack);
    expect(notebookDefaults(json)).toMatchObject({
      "spark.sql.shuffle.partitions": "16",
      "spark.executor.memory": "1g",
      "spark.master": "spark://test-master:7077",
    });
    expect(sparkDefaults(resource(json, "docker_container", "connect/container"))).toMatchObject({
      "spark.sql.session.timeZone": "UTC",
      "spark.connect.grpc.binding.port": "15002",
    });
  });

  test("an added executor memory larger than every worker offers fails synthesis, as in sparkProperties", () => {
    const { stack, master } = testCluster();
    new SparkWorker(stack, "workers", { master, memory: Size.gibibytes(2) });
    const lab = new JupyterLab(stack, "jupyter", { master });
    lab.addSparkProperties({ "spark.executor.memory": "4g" });
    expect(() => synth(stack)).toThrow(
      /JupyterLab "test\/jupyter": sparkProperties sets spark.executor.memory 4g, more than any worker of its cluster offers \(2g at test\/workers\).*Set spark.executor.memory to 2g or less/,
    );
    expect(() => lab.addSparkProperties({ "spark.executor.memory": "lots" })).toThrow(
      /JupyterLab "test\/jupyter": spark.executor.memory "lots"/,
    );
    expect(() => lab.addSparkProperties({ "spark.sql shuffle": "1" })).toThrow(/Spark property name "spark.sql shuffle" is not valid/);
    expect(() => lab.addSparkProperties({ "spark.app.name": "a\nspark.master local" })).toThrow(/line break in its value/);
  });

  test("defaultChild of every role and of the bucket is its Terraform resource", () => {
    const { stack, master, bucket } = testCluster();
    const roles = [
      master,
      new SparkWorker(stack, "workers", { master }),
      new HistoryServer(stack, "history", { master }),
      new JupyterLab(stack, "jupyter", { master }),
      new SparkConnectServer(stack, "connect", { master }),
    ];
    for (const role of roles) expect((role.node.defaultChild as TerraformResource).terraformResourceType).toBe("docker_container");
    expect((bucket.node.defaultChild as TerraformResource).terraformResourceType).toBe("docker_container");
    const aws = testStack("aws");
    new AwsProvider(aws.stack, "aws", { region: "eu-west-1" });
    const onAws = new S3Bucket(aws.stack, "data", { mode: BucketMode.AWS });
    expect((onAws.node.defaultChild as TerraformResource).terraformResourceType).toBe("aws_s3_bucket");
  });
});

describe("a new role attaches by saying what it does", () => {
  /** A role written outside the library, as a user would: a driver container of their own. */
  class SqlGateway extends Construct {
    public readonly attachment: ClusterAttachment;
    constructor(scope: Construct, id: string, cluster: ISparkCluster, needs: RoleNeeds) {
      super(scope, id);
      this.attachment = cluster.attach(this, needs);
    }
  }

  test("one that submits applications gets the drivers' settings and the event log volume; one that only reads event logs gets their location", () => {
    const { stack, master } = testCluster();
    const driver = new SqlGateway(stack, "gateway", master, { submitsApplications: true }).attachment;
    expect(driver.sparkProperties).toMatchObject({ "spark.eventLog.enabled": "true", "spark.authenticate": "true" });
    expect(driver.volumes.map((v) => v.containerPath)).toEqual(["/opt/spark/events"]);
    const reader = new SqlGateway(stack, "audit", master, { readsEventLogs: true }).attachment;
    expect(reader.sparkProperties["spark.history.fs.logDirectory"]).toBe(master.eventLogDir);
    expect(reader.sparkProperties["spark.eventLog.enabled"]).toBeUndefined();
    const plain = new SqlGateway(stack, "plain", master, {}).attachment;
    expect(plain.volumes).toEqual([]);
    expect(plain.sparkProperties["spark.authenticate.secret"]).toBe(driver.sparkProperties["spark.authenticate.secret"]);
    expect(() => new SqlGateway(stack, "placed", master, { host: { address: "10.0.0.12" } })).toThrow(
      /test\/placed.*only a role that runs executors is placed on one/,
    );
  });
});
