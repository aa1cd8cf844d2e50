import { HistoryServer, JupyterLab, S3Bucket, SparkImage, SparkMaster, SparkWorker } from "../lib";
import { settingsFromEnv } from "../stacks/settings";
import { testCluster, testStack } from "./helpers";

/**
 * Every bad value fails at synth time with a message naming the construct
 * (type and path) and saying what to change; none reaches Terraform.
 */
const cases: [string, () => unknown, RegExp][] = [
  ["zero workers", () => { const c = testCluster(); new SparkWorker(c.stack, "w", { master: c.master, count: 0 }); },
    /SparkWorker "test\/w": count must be a whole number >= 1, got 0\. Set count to 1 or more/],
  ["fractional workers", () => { const c = testCluster(); new SparkWorker(c.stack, "w", { master: c.master, count: 1.5 }); },
    /SparkWorker "test\/w": count must be a whole number/],
  ["zero cores", () => { const c = testCluster(); new SparkWorker(c.stack, "w", { master: c.master, cores: 0 }); },
    /SparkWorker "test\/w": cores must be a whole number >= 1.*Set cores/],
  ["memory with a unit Spark does not read", () => { const c = testCluster(); new SparkWorker(c.stack, "w", { master: c.master, memory: "1gb" }); },
    /SparkWorker "test\/w": memory "1gb" is not a memory size\. Use .* "512m" or "2g"/],
  ["memory without a unit", () => { const c = testCluster(); new SparkWorker(c.stack, "w", { master: c.master, memory: "512" }); },
    /SparkWorker "test\/w": memory "512" is not a memory size/],
  ["workers too small for any executor", () => { const c = testCluster({ executorMemory: "2g" }); new SparkWorker(c.stack, "w", { master: c.master, memory: "1g" }); },
    /SparkWorker "test\/w": memory 1g is less than the master's executorMemory 2g.*Raise memory or lower executorMemory/],
  ["negative work dir TTL", () => { const c = testCluster(); new SparkWorker(c.stack, "w", { master: c.master, workDirTtlSeconds: -1 }); },
    /SparkWorker "test\/w": workDirTtlSeconds must be a whole number >= 1/],
  ["bad executor memory", () => testCluster({ executorMemory: "lots" }),
    /SparkMaster "test\/master": executorMemory "lots" is not a memory size/],
  ["zero cores per app", () => testCluster({ maxCoresPerApp: 0 }),
    /SparkMaster "test\/master": maxCoresPerApp must be a whole number >= 1/],
  ["port out of range", () => testCluster({ uiHostPort: 70000 }),
    /SparkMaster "test\/master": uiHostPort 70000 is not a TCP port\. Use a whole number from 1 to 65535/],
  ["two services on one port", () => { const c = testCluster(); new JupyterLab(c.stack, "j", { master: c.master, hostPort: 8080 }); },
    /JupyterLab "test\/j": hostPort 8080 is already published by test\/master \(uiHostPort\)\. Choose another hostPort/],
  ["workers running into JupyterLab's port", () => {
    const c = testCluster(); new JupyterLab(c.stack, "j", { master: c.master }); new SparkWorker(c.stack, "w", { master: c.master, uiPortBase: 8887, count: 2 }); },
    /SparkWorker "test\/w": uiPortBase \(worker 2\) 8888 is already published by test\/j \(hostPort\)/],
  ["master and RPC on one port", () => testCluster({ rpcHostPort: 8080 }),
    /SparkMaster "test\/master": uiHostPort 8080 is already published by test\/master \(rpcHostPort\)/],
  ["unknown Spark version", () => { const { stack } = testStack(); new SparkImage(stack, "img", { sparkVersion: "3.4.1" }); },
    /SparkImage "test\/img": unknown Spark version "3\.4\.1"\. Set sparkVersion to .*3\.5\.x, 4\.0\.x, 4\.1\.x/],
  ["invalid bucket name", () => { const { stack, network } = testStack(); new S3Bucket(stack, "b", { network, bucketName: "My_Bucket" }); },
    /S3Bucket "test\/b": bucketName "My_Bucket" is not a valid S3 bucket name\. Use 3-63 lowercase/],
  ["bucket name like an IP address", () => { const { stack, network } = testStack(); new S3Bucket(stack, "b", { network, bucketName: "192.168.1.1" }); },
    /S3Bucket "test\/b": bucketName "192\.168\.1\.1" is not a valid S3 bucket name/],
  ["JupyterLab on another Spark version than its master", () => {
    const c = testCluster(); new JupyterLab(c.stack, "j", { master: c.master, image: new SparkImage(c.stack, "old", { sparkVersion: "3.5.8" }) }); },
    /JupyterLab "test\/j": image runs Spark 3\.5\.8 but the master runs 4\.1\.2\. Omit image/],
  ["worker on another Spark version than its master", () => {
    const c = testCluster(); new SparkWorker(c.stack, "w", { master: c.master, image: new SparkImage(c.stack, "old", { sparkVersion: "4.0.3" }) }); },
    /SparkWorker "test\/w": image runs Spark 4\.0\.3 but the master runs 4\.1\.2\. Omit image/],
  ["host address that is not an IP", () => testCluster({ hostIp: "localhost" }),
    /SparkMaster "test\/master": hostIp "localhost" is not an IPv4 address\. Use "127\.0\.0\.1"/],
  ["local bucket without a network", () => { const { stack } = testStack(); new S3Bucket(stack, "b"); },
    /S3Bucket "test\/b": mode "local" runs the S3 server in Docker and needs network/],
  ["unknown bucket mode", () => { const { stack, network } = testStack(); new S3Bucket(stack, "b", { network, mode: "gcs" as "aws" }); },
    /S3Bucket "test\/b": mode "gcs" is not supported\. Use "local" or "aws"/],
  ["unknown credentials source", () => { const { stack } = testStack(); new S3Bucket(stack, "b", { mode: "aws", credentials: "static" as "iam-user" }); },
    /S3Bucket "test\/b": credentials "static" is not supported\. Use "environment"/],
  ["local-only props in aws mode", () => { const { stack } = testStack(); new S3Bucket(stack, "b", { mode: "aws", hostPort: 9000 }); },
    /S3Bucket "test\/b": serverImage, serverName and hostPort only apply to mode "local"/],
  ["folder with a leading slash", () => { const { stack, network } = testStack(); new S3Bucket(stack, "b", { network, folders: ["/events"] }); },
    /S3Bucket "test\/b": folder "\/events" is not a plain S3 prefix/],
  ["event log dir that is a local path", () => testCluster({ eventLogDir: "/tmp/events" }),
    /SparkMaster "test\/master": eventLogDir "\/tmp\/events" must be an s3a:\/\/bucket\/prefix URI/],
  ["event logs on S3 without a bucket", () => {
    const { stack, network } = testStack(); new SparkMaster(stack, "m", { image: new SparkImage(stack, "i"), network, eventLogDir: "s3a://b/events" }); },
    /SparkMaster "test\/m": eventLogDir is on S3 but no bucket is set\. Pass bucket/],
  ["shell characters in a pip package", () => { const c = testCluster(); new JupyterLab(c.stack, "j", { master: c.master, pipPackages: ["pandas; rm -rf /"] }); },
    /JupyterLab "test\/j": pipPackages entry "pandas; rm -rf \/" is not a plain requirement specifier/],
  ["relative notebooks folder", () => { const c = testCluster(); new JupyterLab(c.stack, "j", { master: c.master, notebooksHostPath: "notebooks" }); },
    /JupyterLab "test\/j": notebooksHostPath "notebooks" must be an absolute path/],
  ["JupyterLab with neither master nor image", () => { const { stack, network } = testStack(); new JupyterLab(stack, "j", { network }); },
    /JupyterLab "test\/j": needs a Spark image and a network\. Pass master/],
  ["history retention that is not a duration", () => { const c = testCluster(); new HistoryServer(c.stack, "h", { master: c.master, maxAge: "forever" }); },
    /HistoryServer "test\/h": maxAge "forever" is not a duration/],
  ["container name Docker rejects", () => testCluster({ name: "my master" }),
    /SparkMaster "test\/master": name "my master" is not a valid Docker name/],
  ["worker count from the environment that is not a number", () => settingsFromEnv({ CDKTF_SPARK_WORKERS: "two" }),
    /CDKTF_SPARK_WORKERS="two" is not a whole number\. Set it to e\.g\. 2/],
];

describe("bad input fails at synth time, naming the construct and the fix", () => {
  test("covers at least 20 cases", () => expect(cases.length).toBeGreaterThanOrEqual(20));
  test.each(cases)("%s", (_name, build, message) => {
    expect(build).toThrow(message);
  });
});
