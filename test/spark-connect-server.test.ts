import { SparkConnectServer, SparkImage, S3Bucket } from "../lib";
import { envOf, resource, sparkDefaults, synth, testCluster, testStack } from "./helpers";

describe("SparkConnectServer", () => {
  test("in client mode is a driver of the cluster that executors call back, holding executors only while it works", () => {
    const { stack, master } = testCluster();
    new SparkConnectServer(stack, "connect", { master });
    const c = resource(synth(stack), "docker_container", "connect/container");
    expect(c.name).toBe("test-connect");
    expect(c.command.slice(-3)).toEqual([
      "/opt/spark/bin/spark-submit",
      "--class",
      "org.apache.spark.sql.connect.service.SparkConnectServer",
    ]);
    expect(sparkDefaults(c)).toMatchObject({
      "spark.master": "spark://test-master:7077",
      "spark.driver.host": "test-connect",
      "spark.driver.bindAddress": "0.0.0.0",
      "spark.authenticate": "true",
      "spark.eventLog.enabled": "true",
      "spark.cores.max": "1",
      "spark.connect.grpc.binding.port": "15002",
      "spark.dynamicAllocation.enabled": "true",
      "spark.dynamicAllocation.shuffleTracking.enabled": "true",
      "spark.hadoop.fs.s3a.endpoint": "http://test-bucket-s3:8333",
    });
  });

  test("requires a generated token, passed by environment, and gives the sc:// URL the Python client sends it to", () => {
    const { stack, master } = testCluster();
    const connect = new SparkConnectServer(stack, "connect", { master });
    const json = synth(stack);
    const c = resource(json, "docker_container", "connect/container");
    expect(resource(json, "random_password", "connect/token")).toMatchObject({ length: 48, special: false });
    expect(envOf(c).SPARK_CONNECT_AUTHENTICATE_TOKEN).toMatch(/^\$\{random_password\.connect_token_\w+\.result\}$/);
    expect(sparkDefaults(c)["spark.connect.authenticate.token"]).toBeUndefined();
    // Only to the host literally named "localhost" does the client send a token without TLS.
    expect(connect.url).toMatch(/^sc:\/\/localhost:15002\/;token=\$\{TfToken/);
  });

  test("publishes gRPC and its UI on loopback, health-checked on the gRPC port", () => {
    const { stack, master } = testCluster();
    const connect = new SparkConnectServer(stack, "connect", { master, hostPort: 16002 });
    const c = resource(synth(stack), "docker_container", "connect/container");
    expect(c.ports).toEqual([
      { internal: 15002, external: 16002, ip: "127.0.0.1" },
      { internal: 4040, external: 4041, ip: "127.0.0.1" },
    ]);
    expect(c.healthcheck.test).toEqual(["CMD", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/15002"]);
    expect(connect.uiUrl).toBe("http://127.0.0.1:4041");
  });

  test("in local mode runs Spark in its own container with the bucket's s3a settings", () => {
    const { stack, network } = testStack();
    const image = new SparkImage(stack, "image");
    const bucket = new S3Bucket(stack, "bucket", { network });
    new SparkConnectServer(stack, "connect", { image, network, bucket });
    const conf = sparkDefaults(resource(synth(stack), "docker_container", "connect/container"));
    expect(conf["spark.master"]).toBe("local[*]");
    expect(conf["spark.hadoop.fs.s3a.endpoint"]).toBe("http://test-bucket-s3:8333");
    expect(conf["spark.dynamicAllocation.enabled"]).toBeUndefined();
  });
});
