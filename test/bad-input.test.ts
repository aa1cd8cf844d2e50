import { Network } from "@cdktf/provider-docker/lib/network";
import { TerraformVariable } from "cdktf";
import {
  BucketCredentials,
  BucketMode,
  Duration,
  HistoryServer,
  JupyterLab,
  S3Bucket,
  Size,
  SparkConnectServer,
  SparkImage,
  SparkMaster,
  SparkWorkbench,
  SparkWorker,
  WorkbenchMode,
} from "../lib";
import { settingsFromEnv } from "../stacks/settings";
import { synth, testCluster, testStack } from "./helpers";

/**
 * Every bad value fails at synth time with a message naming the construct
 * (type and path) and saying what to change; none reaches Terraform.
 */
const cases: [string, () => unknown, RegExp][] = [
  [
    "zero workers",
    () => {
      const c = testCluster();
      new SparkWorker(c.stack, "w", { master: c.master, count: 0 });
    },
    /SparkWorker "test\/w": count must be a whole number >= 1, got 0\. Set count to 1 or more/,
  ],
  [
    "fractional workers",
    () => {
      const c = testCluster();
      new SparkWorker(c.stack, "w", { master: c.master, count: 1.5 });
    },
    /SparkWorker "test\/w": count must be a whole number/,
  ],
  [
    "zero cores",
    () => {
      const c = testCluster();
      new SparkWorker(c.stack, "w", { master: c.master, cores: 0 });
    },
    /SparkWorker "test\/w": cores must be a whole number >= 1.*Set cores/,
  ],
  [
    "memory with a unit Spark does not read",
    () => {
      const c = testCluster();
      new SparkWorker(c.stack, "w", { master: c.master, memory: Size.parse("1gb") });
    },
    /SparkWorker "test\/w": memory "1gb" is not a memory size\. Use whole mebibytes, e.g\. Size\.mebibytes\(512\), Size\.gibibytes\(2\)/,
  ],
  [
    "memory without a unit",
    () => {
      const c = testCluster();
      new SparkWorker(c.stack, "w", { master: c.master, memory: Size.parse("512") });
    },
    /SparkWorker "test\/w": memory "512" is not a memory size/,
  ],
  [
    "workers too small for any executor",
    () => {
      const c = testCluster({ executorMemory: Size.gibibytes(2) });
      new SparkWorker(c.stack, "w", { master: c.master, memory: Size.gibibytes(1) });
    },
    /SparkWorker "test\/w": memory 1g is less than the cluster's executor memory 2g.*Raise memory or lower/,
  ],
  [
    "workers too small for executor memory set through sparkProperties",
    () => {
      const c = testCluster({ sparkProperties: { "spark.executor.memory": "2g" } });
      new SparkWorker(c.stack, "w", { master: c.master, memory: Size.gibibytes(1) });
    },
    /SparkWorker "test\/w": memory 1g is less than the cluster's executor memory 2g/,
  ],
  [
    "a notebook asking for executors larger than any worker",
    () => {
      const c = testCluster();
      new SparkWorker(c.stack, "w", { master: c.master, memory: Size.gibibytes(1) });
      new JupyterLab(c.stack, "j", { master: c.master, sparkProperties: { "spark.executor.memory": "2g" } });
      synth(c.stack);
    },
    /JupyterLab "test\/j": sparkProperties sets spark\.executor\.memory 2g, more than any worker of its cluster offers \(1g at test\/w\).*Set spark\.executor\.memory to 1g or less/,
  ],
  [
    "a Connect server asking for executors larger than any worker, created before the workers",
    () => {
      const c = testCluster();
      new SparkConnectServer(c.stack, "c", { master: c.master, sparkProperties: { "spark.executor.memory": "3g" } });
      new SparkWorker(c.stack, "w", { master: c.master, memory: Size.gibibytes(2) });
      synth(c.stack);
    },
    /SparkConnectServer "test\/c": sparkProperties sets spark\.executor\.memory 3g, more than any worker of its cluster offers \(2g at test\/w\)/,
  ],
  [
    "a notebook's executor memory that is not a memory size",
    () => {
      const c = testCluster();
      new JupyterLab(c.stack, "j", { master: c.master, sparkProperties: { "spark.executor.memory": "2 GB" } });
    },
    /JupyterLab "test\/j": sparkProperties spark\.executor\.memory "2 GB" is not a memory size/,
  ],
  [
    "executor memory set twice, differently",
    () => testCluster({ executorMemory: Size.gibibytes(1), sparkProperties: { "spark.executor.memory": "2g" } }),
    /SparkMaster "test\/master": executorMemory is 1g but sparkProperties sets spark\.executor\.memory to 2g\. Set it in one place/,
  ],
  [
    "negative work dir TTL",
    () => {
      const c = testCluster();
      new SparkWorker(c.stack, "w", { master: c.master, workDirTtl: Duration.seconds(-1) });
    },
    /SparkWorker "test\/w": workDirTtl "-1s" is not a duration\. Use whole units/,
  ],
  [
    "bad executor memory",
    () => testCluster({ executorMemory: Size.parse("lots") }),
    /SparkMaster "test\/master": executorMemory "lots" is not a memory size/,
  ],
  [
    "zero cores per app",
    () => testCluster({ maxCoresPerApp: 0 }),
    /SparkMaster "test\/master": maxCoresPerApp must be a whole number >= 1/,
  ],
  [
    "a derived property set by hand",
    () => testCluster({ sparkProperties: { "spark.history.fs.logDirectory": "/tmp" } }),
    /SparkMaster "test\/master": sparkProperties sets spark\.history\.fs\.logDirectory, but the history server reads eventLogDir.*Remove spark\.history\.fs\.logDirectory/,
  ],
  [
    "port out of range",
    () => testCluster({ uiHostPort: 70000 }),
    /SparkMaster "test\/master": uiHostPort 70000 is not a TCP port\. Use a whole number from 1 to 65535/,
  ],
  [
    "two services on one port",
    () => {
      const c = testCluster();
      new JupyterLab(c.stack, "j", { master: c.master, hostPort: 8080 });
      synth(c.stack);
    },
    /JupyterLab "test\/j": host port 8080 of hostPort is also used by test\/master \(uiHostPort\)\. Give one of them another hostPort/,
  ],
  [
    "workers running into JupyterLab's port, whatever the order",
    () => {
      const c = testCluster();
      new SparkWorker(c.stack, "w", { master: c.master, uiPortBase: 8887, count: 2 });
      new JupyterLab(c.stack, "j", { master: c.master });
      synth(c.stack);
    },
    /JupyterLab "test\/j": host port 8888 of hostPort is also used by test\/w \(uiPortBase \(worker 2\)\)\. Give one of them another hostPort, e\.g\. 8889/,
  ],
  [
    "master and RPC on one port",
    () => {
      const c = testCluster({ rpcHostPort: 8080 });
      synth(c.stack);
    },
    /SparkMaster "test\/master": host port 8080 of uiHostPort is also used by its own rpcHostPort\. Give one of them another uiHostPort, e\.g\. 8081/,
  ],
  [
    "unknown Spark version",
    () => {
      const { stack } = testStack();
      new SparkImage(stack, "img", { sparkVersion: "3.4.1" });
    },
    /SparkImage "test\/img": unknown Spark version "3\.4\.1"\. Set sparkVersion to a release of a supported line, or the line alone for its newest release: 3\.5 \(newest 3\.5\.9\), 4\.0 \(newest 4\.0\.5\), 4\.1 \(newest 4\.1\.4\)/,
  ],
  [
    "unknown patch of a known line",
    () => {
      const { stack } = testStack();
      new SparkImage(stack, "img", { sparkVersion: "3.5.99" });
    },
    /SparkImage "test\/img": Spark 3\.5\.99 is not a release of the 3\.5 line this library knows \(3\.5\.0, .*\)\. Use one of those \(or "3\.5" for 3\.5\.9\), or set acceptUnknownPatch: true/,
  ],
  [
    "invalid bucket name",
    () => {
      const { stack, network } = testStack();
      new S3Bucket(stack, "b", { network, bucketName: "My_Bucket" });
    },
    /S3Bucket "test\/b": bucketName "My_Bucket" is not a valid S3 bucket name\. Use 3-63 lowercase/,
  ],
  [
    "bucket name like an IP address",
    () => {
      const { stack, network } = testStack();
      new S3Bucket(stack, "b", { network, bucketName: "192.168.1.1" });
    },
    /S3Bucket "test\/b": bucketName "192\.168\.1\.1" is not a valid S3 bucket name/,
  ],
  [
    "JupyterLab on another Spark version than its master",
    () => {
      const c = testCluster();
      new JupyterLab(c.stack, "j", { master: c.master, image: new SparkImage(c.stack, "old", { sparkVersion: "3.5.8" }) });
    },
    /JupyterLab "test\/j": image runs Spark 3\.5\.8 but the master runs 4\.1\.4\. Omit image/,
  ],
  [
    "worker on another Spark version than its master",
    () => {
      const c = testCluster();
      new SparkWorker(c.stack, "w", { master: c.master, image: new SparkImage(c.stack, "old", { sparkVersion: "4.0.3" }) });
    },
    /SparkWorker "test\/w": image runs Spark 4\.0\.3 but the master runs 4\.1\.4\. Omit image/,
  ],
  [
    "JupyterLab on a lean image beside a master with the data stack",
    () => {
      const c = testCluster();
      new JupyterLab(c.stack, "j", { master: c.master, image: new SparkImage(c.stack, "lean", { pythonDataStack: false }) });
    },
    /JupyterLab "test\/j": image carries no data stack but the master's carries the Databricks Runtime 18 LTS profile: a Python UDF would import different packages on the driver and on the executors, or fail on one host\. Omit image/,
  ],
  [
    "JupyterLab on another network than its master",
    () => {
      const c = testCluster();
      new JupyterLab(c.stack, "j", { master: c.master, network: new Network(c.stack, "other", { name: "other" }) });
    },
    /JupyterLab "test\/j": is given another network than its master test\/master.*Omit network/,
  ],
  [
    "JupyterLab with its own bucket beside a master",
    () => {
      const c = testCluster();
      new JupyterLab(c.stack, "j", { master: c.master, bucket: new S3Bucket(c.stack, "b2", { network: c.network, hostPort: 9333 }) });
    },
    /JupyterLab "test\/j": is given bucket test\/b2 but its master uses test\/bucket: the driver and the executors would hold different credentials\. Omit bucket/,
  ],
  [
    "JupyterLab with a bucket beside a master that has none: the bucket belongs to the master",
    () => {
      const { stack, network } = testStack();
      const master = new SparkMaster(stack, "master", { image: new SparkImage(stack, "image"), network });
      new JupyterLab(stack, "j", { master, bucket: new S3Bucket(stack, "b2", { network }) });
    },
    /JupyterLab "test\/j": is given bucket test\/b2 but its master uses no bucket: .* Give bucket test\/b2 to the master \(SparkMaster's bucket\) instead/,
  ],
  [
    "a worker attached to a master in another stack",
    () => {
      const c = testCluster();
      const other = testStack("other", c.app);
      new SparkWorker(other.stack, "w", { master: c.master });
    },
    /SparkWorker "other\/w": is in stack "other" but its master test\/master is in stack "test"\. Create it in the master's stack/,
  ],
  [
    "a master on another network than its local bucket",
    () => {
      const { stack, network } = testStack();
      const bucket = new S3Bucket(stack, "b", { network });
      new SparkMaster(stack, "m", { image: new SparkImage(stack, "i"), network: new Network(stack, "n2", { name: "n2" }), bucket });
    },
    /SparkMaster "test\/m": runs on another Docker network than the local bucket test\/b.*Put both on one network/,
  ],
  [
    "a worker count from a Terraform variable (it would synthesize zero workers)",
    () => {
      const c = testCluster();
      new SparkWorker(c.stack, "w", { master: c.master, count: new TerraformVariable(c.stack, "n", { type: "number" }).numberValue });
    },
    /SparkWorker "test\/w": count is a Terraform token .* fixed at synth\. Pass a plain value; to choose it per deployment, read it in your app/,
  ],
  [
    "a worker memory from a Terraform variable (its container cap would not match)",
    () => {
      const c = testCluster();
      new SparkWorker(c.stack, "w", {
        master: c.master,
        memory: Size.parse(new TerraformVariable(c.stack, "m", { type: "string" }).stringValue),
      });
    },
    /SparkWorker "test\/w": memory is a Terraform token/,
  ],
  [
    "a memory cap in GiB from a Terraform number variable",
    () =>
      testCluster({
        resources: { memory: Size.gibibytes(new TerraformVariable(testStack("vars").stack, "g", { type: "number" }).numberValue) },
      }),
    /SparkMaster "test\/master": resources.memory is a Terraform token/,
  ],
  [
    "a history retention from a Terraform number variable",
    () => {
      const c = testCluster();
      new HistoryServer(c.stack, "h", {
        master: c.master,
        maxAge: Duration.days(new TerraformVariable(c.stack, "d", { type: "number" }).numberValue),
      });
    },
    /HistoryServer "test\/h": maxAge is a Terraform token/,
  ],
  [
    "a memory of a fraction of a MiB",
    () => {
      const c = testCluster();
      new SparkWorker(c.stack, "w", { master: c.master, memory: Size.gibibytes(1.3) });
    },
    /SparkWorker "test\/w": memory "1331.2m" is not a memory size\. Use whole mebibytes, e\.g\. Size\.mebibytes\(512\)/,
  ],
  [
    "a string where a Size goes (JavaScript, or code from before 0.8)",
    () => {
      const c = testCluster();
      new SparkWorker(c.stack, "w", { master: c.master, memory: "2g" as unknown as Size });
    },
    /SparkWorker "test\/w": memory "2g" is not a Size\. Pass a Size, e\.g\. Size\.gibibytes\(2\)/,
  ],
  [
    "a UI port from a Terraform variable (the URL would be mangled)",
    () => testCluster({ uiHostPort: new TerraformVariable(testStack("vars").stack, "p", { type: "number" }).numberValue }),
    /SparkMaster "test\/master": uiHostPort is a Terraform token/,
  ],
  [
    "a worker UI port base from a Terraform variable",
    () => {
      const c = testCluster();
      new SparkWorker(c.stack, "w", { master: c.master, uiPortBase: new TerraformVariable(c.stack, "p", { type: "number" }).numberValue });
    },
    /SparkWorker "test\/w": uiPortBase is a Terraform token/,
  ],
  [
    "a CPU cap from a Terraform variable",
    () => {
      const c = testCluster();
      new HistoryServer(c.stack, "h", {
        master: c.master,
        resources: { cpus: new TerraformVariable(c.stack, "c", { type: "number" }).numberValue },
      });
    },
    /HistoryServer "test\/h": resources\.cpus is a Terraform token/,
  ],
  [
    "host address that is not an IP",
    () => testCluster({ hostIp: "localhost" }),
    /SparkMaster "test\/master": hostIp "localhost" is not an IPv4 address\. Use "127\.0\.0\.1"/,
  ],
  [
    "local bucket without a network (JavaScript caller)",
    () => {
      const { stack } = testStack();
      new S3Bucket(stack, "b", {} as never);
    },
    /S3Bucket "test\/b": mode "local" runs the S3 server in Docker and needs network/,
  ],
  [
    "unknown bucket mode",
    () => {
      const { stack, network } = testStack();
      new S3Bucket(stack, "b", { network, mode: "gcs" as BucketMode });
    },
    /S3Bucket "test\/b": mode "gcs" is not supported\. Use BucketMode\.LOCAL \("local"\) or BucketMode\.AWS \("aws"\)/,
  ],
  [
    "unknown credentials source",
    () => {
      const { stack } = testStack();
      new S3Bucket(stack, "b", { mode: BucketMode.AWS, credentials: "static" as BucketCredentials });
    },
    /S3Bucket "test\/b": credentials "static" is not supported\. Use BucketCredentials\.ENVIRONMENT \("environment"/,
  ],
  [
    "local-only props in aws mode",
    () => {
      const { stack } = testStack();
      new S3Bucket(stack, "b", { mode: BucketMode.AWS, hostPort: 9000 });
    },
    /S3Bucket "test\/b": hostPort only apply to mode "local"\. Remove them for mode "aws"/,
  ],
  [
    "aws-only props in local mode (JavaScript caller)",
    () => {
      const { stack, network } = testStack();
      new S3Bucket(stack, "b", { network, versioning: true } as never);
    },
    /S3Bucket "test\/b": versioning only apply to mode "aws"\. Remove them, or set mode BucketMode\.AWS/,
  ],
  [
    "folder with a leading slash",
    () => {
      const { stack, network } = testStack();
      new S3Bucket(stack, "b", { network, folders: ["/events"] });
    },
    /S3Bucket "test\/b": folder "\/events" is not a plain S3 prefix/,
  ],
  [
    "event log dir that is a local path",
    () => testCluster({ eventLogDir: "/tmp/events" }),
    /SparkMaster "test\/master": eventLogDir "\/tmp\/events" is not in the cluster's bucket s3a:\/\/test-bucket.*"s3a:\/\/test-bucket\/spark-events"/,
  ],
  [
    "event log dir in another bucket",
    () => testCluster({ sparkProperties: { "spark.eventLog.dir": "s3a://elsewhere/logs" } }),
    /SparkMaster "test\/master": eventLogDir "s3a:\/\/elsewhere\/logs" is not in the cluster's bucket s3a:\/\/test-bucket/,
  ],
  [
    "event logs on S3 without a bucket",
    () => {
      const { stack, network } = testStack();
      new SparkMaster(stack, "m", { image: new SparkImage(stack, "i"), network, eventLogDir: "s3a://b/events" });
    },
    /SparkMaster "test\/m": eventLogDir "s3a:\/\/b\/events" is on S3 but the cluster has no bucket\. Pass bucket/,
  ],
  [
    "shell characters in a pip package",
    () => {
      const c = testCluster();
      new JupyterLab(c.stack, "j", { master: c.master, pipPackages: ["pandas; rm -rf /"] });
    },
    /JupyterLab "test\/j": pipPackages entry "pandas; rm -rf \/" is not a plain requirement specifier/,
  ],
  [
    "relative notebooks folder",
    () => {
      const c = testCluster();
      new JupyterLab(c.stack, "j", { master: c.master, notebooksHostPath: "notebooks" });
    },
    /JupyterLab "test\/j": notebooksHostPath "notebooks" must be an absolute path/,
  ],
  [
    "JupyterLab with neither master nor image",
    () => {
      const { stack, network } = testStack();
      new JupyterLab(stack, "j", { network });
    },
    /JupyterLab "test\/j": needs a Spark image and a network\. Pass master/,
  ],
  [
    "history retention that is not a duration",
    () => {
      const c = testCluster();
      new HistoryServer(c.stack, "h", { master: c.master, maxAge: Duration.parse("forever") });
    },
    /HistoryServer "test\/h": maxAge "forever" is not a duration/,
  ],
  [
    "container name Docker rejects",
    () => testCluster({ name: "my master" }),
    /SparkMaster "test\/master": name "my master" is not a valid Docker name/,
  ],
  [
    "two containers given one name",
    () => {
      const c = testCluster({ name: "spark" });
      new HistoryServer(c.stack, "h", { master: c.master, name: "spark" });
      synth(c.stack);
    },
    /HistoryServer "test\/h": container name spark of name is also used by test\/master \(name\)\. Give one of them another name/,
  ],
  [
    "cluster-only parts of a local workbench",
    () => {
      const { stack } = testStack();
      new SparkWorkbench(stack, "wb", { mode: WorkbenchMode.LOCAL, workers: { count: 3 } });
    },
    /SparkWorkbench "test\/wb": workers only apply to mode "cluster"\. Remove them, or set mode WorkbenchMode\.CLUSTER/,
  ],
  [
    "two workbenches on the same host ports",
    () => {
      const { stack } = testStack();
      new SparkWorkbench(stack, "a");
      new SparkWorkbench(stack, "b");
      synth(stack);
    },
    /SparkWorkbench "test\/b": host ports .*7077.* are also used by test\/a\. Set portOffset: 100/,
  ],
  [
    "a Connect server on a Spark line without one",
    () => {
      const { stack, network } = testStack();
      new SparkConnectServer(stack, "c", { image: new SparkImage(stack, "i", { sparkVersion: "3.5.8" }), network });
    },
    /SparkConnectServer "test\/c": Spark 3\.5\.8 does not ship a Connect server with token authentication.*Use a 4\.0 or later sparkVersion/,
  ],
  [
    "a Connect server on JupyterLab's UI port",
    () => {
      const c = testCluster();
      new JupyterLab(c.stack, "j", { master: c.master });
      new SparkConnectServer(c.stack, "c", { master: c.master, sparkUiHostPort: 4040 });
      synth(c.stack);
    },
    /SparkConnectServer "test\/c": host port 4040 of sparkUiHostPort is also used by test\/j \(sparkUiHostPort\)/,
  ],
  [
    "a KMS key without KMS encryption",
    () => {
      const { stack } = testStack();
      new S3Bucket(stack, "b", { mode: BucketMode.AWS, kmsKeyArn: "arn:aws:kms:eu-west-1:1:key/x" });
    },
    /S3Bucket "test\/b": kmsKeyArn is given but encryption is SSE-S3\. Set encryption BucketEncryption\.SSE_KMS/,
  ],
  [
    "version expiry without versioning",
    () => {
      const { stack } = testStack();
      new S3Bucket(stack, "b", { mode: BucketMode.AWS, noncurrentVersionExpirationDays: 7 });
    },
    /S3Bucket "test\/b": noncurrentVersionExpirationDays only applies with versioning\. Set versioning: true/,
  ],
  [
    "a memory cap Docker cannot read",
    () => testCluster({ resources: { memory: Size.parse("1.5g") } }),
    /SparkMaster "test\/master": resources\.memory "1\.5g" is not a memory size/,
  ],
  [
    "a CPU cap of no cores",
    () => {
      const c = testCluster();
      new JupyterLab(c.stack, "j", { master: c.master, resources: { cpus: 0 } });
    },
    /JupyterLab "test\/j": resources\.cpus 0 is not a number of cores\. Use a positive number/,
  ],
  [
    "worker RPC ports beyond the last TCP port",
    () => {
      const c = testCluster({ address: "10.0.0.10" });
      new SparkWorker(c.stack, "w", { master: c.master, count: 3, rpcPortBase: 65534 });
    },
    /SparkWorker "test\/w": rpcPortBase \+ count - 1 65536 is not a TCP port/,
  ],
  [
    "worker count from the environment that is not a number",
    () => settingsFromEnv({ CDKTF_SPARK_WORKERS: "two" }),
    /CDKTF_SPARK_WORKERS="two" is not a whole number\. Set it to e\.g\. 2/,
  ],
];

describe("bad input fails at synth time, naming the construct and the fix", () => {
  test.each(cases)("%s", (_name, build, message) => {
    expect(build).toThrow(message);
  });
});
