import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { TerraformStack } from "cdktf";
import { JupyterLab, SparkConnectServer, SparkImage, SparkMasterProps, SparkWorker, SparkWorkbench } from "../lib";
import { envOf, notebookDefaults, resource, resources, sparkDefaults, synth, testCluster, testStack } from "./helpers";

const MAIN = "10.0.0.10";
const REMOTE = "10.0.0.11";

/** A cluster whose master has an address, and a Docker provider for a second host. */
function spanning(masterProps: Partial<SparkMasterProps> = {}) {
  const cluster = testCluster({ address: MAIN, ...masterProps });
  const remote = new DockerProvider(cluster.stack, "box", { alias: "box", host: `tcp://${REMOTE}:2376`, certPath: "/certs" });
  return { ...cluster, remote };
}

const ports = (c: any) => (c.ports ?? []).map((p: any) => `${p.ip}:${p.external}->${p.internal}`);

describe("a cluster spanning Docker hosts", () => {
  test("a worker group on another host runs there on the host network, bound to and advertising the host's address", () => {
    const { stack, remote } = spanning();
    new SparkWorker(stack, "far", { master: spanningMaster(stack), host: { provider: remote, address: REMOTE }, count: 2 });
    const c = resource(synth(stack), "docker_container", "far/container");
    expect(c.provider).toBe("docker.box");
    expect(c.network_mode).toBe("host");
    expect(c.networks_advanced).toBeUndefined();
    expect(c.ports).toBeUndefined();
    expect(c.command).toEqual(expect.arrayContaining(["--host", REMOTE, "--port", "${each.value.rpc}"]));
    expect(envOf(c)).toMatchObject({ SPARK_LOCAL_IP: REMOTE, SPARK_PUBLIC_DNS: REMOTE });
    // It reaches the master by the name the master advertises, and resolves its own host name (Spark asks).
    expect(c.host).toEqual([
      { host: "test-master", ip: MAIN },
      { host: "${each.value.name}", ip: REMOTE },
    ]);
    expect(c.hostname).toBe("${each.value.name}");
    expect(c.healthcheck.test).toEqual(["CMD", "wget", "-q", "-O", "/dev/null", `http://${REMOTE}:\${each.value.port}/`]);
  });

  test("the Spark image is built on each host, with the same tag, from the image loaded there if any", () => {
    const { stack, remote } = spanning();
    new SparkWorker(stack, "far", { master: spanningMaster(stack), host: { provider: remote, address: REMOTE } });
    new SparkWorker(stack, "far-too", {
      master: spanningMaster(stack),
      host: { provider: remote, address: REMOTE },
      uiPortBase: 9081,
      rpcPortBase: 9078,
    });
    const json = synth(stack);
    const images = resources(json, "docker_image").filter((i) => i.name.startsWith("cdktf-spark:"));
    expect(images.map((i) => i.provider ?? "default").sort()).toEqual(["default", "docker.box"]);
    expect(new Set(images.map((i) => i.name)).size).toBe(1);
    const far = images.find((i) => i.provider === "docker.box");
    expect(far.build.cache_from).toEqual([far.name]);
    expect(resource(json, "docker_container", "far/container").depends_on).toEqual([
      expect.stringMatching(/^docker_image\.image_on-box_image_/),
    ]);
  });

  test("the master publishes its RPC port on its address, listening on the port it publishes; its UI stays on loopback", () => {
    const { stack, master } = spanning({ rpcHostPort: 7177 });
    const c = resource(synth(stack), "docker_container", "master/container");
    // On the address only (this host's own): Docker reports two bindings of one port in no fixed order.
    expect(ports(c)).toEqual([`${MAIN}:7177->7177`, "127.0.0.1:8080->8080"]);
    expect(master.masterUrl).toBe("spark://test-master:7177");
  });

  test("traffic is encrypted with the RPC secret, without a fallback that would accept an unencrypted driver", () => {
    const { stack } = spanning();
    const conf = sparkDefaults(resource(synth(stack), "docker_container", "master/container"));
    expect(conf).toMatchObject({
      "spark.authenticate": "true",
      "spark.network.crypto.enabled": "true",
      "spark.network.crypto.saslFallback": "false",
      "spark.port.maxRetries": "3",
      "spark.blockManager.port": "7300",
    });
  });

  test("a cluster on one host is unchanged: no encryption settings, no fixed executor ports", () => {
    const { stack } = testCluster();
    const conf = sparkDefaults(resource(synth(stack), "docker_container", "master/container"));
    expect(Object.keys(conf).filter((k) => /crypto|maxRetries|blockManager/.test(k))).toEqual([]);
  });

  test("workers on the master's host run on its host network at the master's address", () => {
    const { stack, master } = spanning();
    const workers = new SparkWorker(stack, "near", { master });
    const c = resource(synth(stack), "docker_container", "near/container");
    expect(c.provider).toBeUndefined();
    expect(c.network_mode).toBe("host");
    expect(c.command).toEqual(expect.arrayContaining(["--host", MAIN]));
    expect(workers.uiUrls).toEqual([`http://${MAIN}:8081`, `http://${MAIN}:8082`]);
  });

  test("JupyterLab advertises the master's address and publishes fixed call-back ports there, one pair per session", () => {
    const { stack, master } = spanning({ portRetries: 1 });
    new JupyterLab(stack, "jupyter", { master, driverPortBase: 7400 });
    const json = synth(stack);
    expect(notebookDefaults(json)).toMatchObject({
      "spark.driver.host": MAIN,
      "spark.driver.bindAddress": "0.0.0.0",
      "spark.driver.port": "7400",
      "spark.driver.blockManager.port": "7402",
      "spark.port.maxRetries": "1",
    });
    expect(ports(resource(json, "docker_container", "jupyter/container")).filter((p: string) => p.startsWith(MAIN))).toEqual(
      [7400, 7401, 7402, 7403].map((p) => `${MAIN}:${p}->${p}`),
    );
  });

  test("the Connect server, a single driver JVM, publishes one pair of call-back ports", () => {
    const { stack, master } = spanning();
    new SparkConnectServer(stack, "connect", { master });
    const c = resource(synth(stack), "docker_container", "connect/container");
    expect(ports(c).filter((p: string) => p.startsWith(MAIN))).toEqual([`${MAIN}:7200->7200`, `${MAIN}:7204->7204`]);
  });

  test("a local bucket is published on the address instead, and every process and tool reaches it there", () => {
    const { stack, bucket } = spanning();
    expect(bucket.hostEndpoint).toBe(`http://${MAIN}:8333`);
    const json = synth(stack);
    expect(ports(resource(json, "docker_container", "bucket/server/container"))).toEqual([`${MAIN}:8333->8333`]);
    expect(sparkDefaults(resource(json, "docker_container", "master/container"))["spark.hadoop.fs.s3a.endpoint"]).toBe(
      `http://${MAIN}:8333`,
    );
  });

  test("a workbench adds worker groups on other hosts with addWorkers", () => {
    const { stack } = testStack();
    const remote = new DockerProvider(stack, "box", { alias: "box", host: `ssh://spark@${REMOTE}` });
    const bench = new SparkWorkbench(stack, "wb", { master: { address: MAIN }, portOffset: 10 });
    bench.addWorkers("box", { host: { provider: remote, address: REMOTE }, count: 1 });
    const json = synth(stack);
    const far = resource(json, "docker_container", "wb/box/container");
    expect(far.provider).toBe("docker.box");
    expect(far.for_each).toEqual({ 1: { name: "test-wb-box-1", port: 8091, rpc: 7088 } });
    expect(notebookDefaults(json, "wb/jupyter")["spark.driver.port"]).toBe("7110");
  });
});

describe("a cluster spanning hosts refuses what cannot work", () => {
  test("a worker group on another host when the master has no address", () => {
    const { stack, master } = testCluster();
    const remote = new DockerProvider(stack, "box", { alias: "box", host: `tcp://${REMOTE}:2376` });
    expect(() => new SparkWorker(stack, "far", { master, host: { provider: remote, address: REMOTE } })).toThrow(
      /SparkWorker "test\/far": runs on Docker host test\/box, but its master test\/master has no address that host can reach it by\. Set the master's address/,
    );
  });

  test("a worker host whose Docker provider has no alias (Terraform would take it for the default one)", () => {
    const { stack } = spanning();
    const unaliased = new DockerProvider(stack, "gpu", { host: `tcp://${REMOTE}:2376` });
    expect(() => new SparkWorker(stack, "far", { master: spanningMaster(stack), host: { provider: unaliased, address: REMOTE } })).toThrow(
      /SparkWorker "test\/far": host\.provider test\/gpu has no alias, so Terraform would take it for the stack's default Docker provider.*Give it an alias: new DockerProvider\(stack, "gpu", \{ alias: "gpu"/,
    );
  });

  test("an address other hosts cannot reach", () => {
    expect(() => testCluster({ address: "127.0.0.1" })).toThrow(
      /SparkMaster "test\/master": address "127\.0\.0\.1" cannot be reached from another host/,
    );
    const { stack, remote } = spanning();
    expect(() => new SparkWorker(stack, "far", { master: spanningMaster(stack), host: { provider: remote, address: "0.0.0.0" } })).toThrow(
      /SparkWorker "test\/far": host\.address "0\.0\.0\.0" cannot be reached from another host/,
    );
  });

  test("encryption turned off while the cluster spans hosts", () => {
    expect(() => testCluster({ address: MAIN, authenticate: false })).toThrow(
      /SparkMaster "test\/master": has an address, so its traffic crosses hosts, but authenticate is false.*Remove authenticate: false/,
    );
  });

  test("two worker groups on one host with the same ports", () => {
    const { stack, remote } = spanning();
    new SparkWorker(stack, "a", { master: spanningMaster(stack), host: { provider: remote, address: REMOTE } });
    new SparkWorker(stack, "b", { master: spanningMaster(stack), host: { provider: remote, address: REMOTE } });
    expect(() => synth(stack)).toThrow(
      /SparkWorker "test\/b": host port 8081 on test\/box of uiPortBase \(worker 1\) is also used by test\/a/,
    );
  });

  test("the same ports on two different hosts are fine", () => {
    const { stack, master, remote } = spanning();
    new SparkWorker(stack, "near", { master });
    new SparkWorker(stack, "far", { master, host: { provider: remote, address: REMOTE } });
    expect(() => synth(stack)).not.toThrow();
  });

  test("more executors on a host than its executor ports allow", () => {
    const { stack, master, remote } = spanning();
    new SparkWorker(stack, "far", { master, host: { provider: remote, address: REMOTE }, count: 3, cores: 2 });
    expect(() => synth(stack)).toThrow(
      /SparkMaster "test\/master": the worker groups on Docker host test\/box \(test\/far\) offer 6 cores.*Raise portRetries to at least 5/,
    );
  });

  test("one host given two addresses", () => {
    const { stack, master, remote } = spanning();
    new SparkWorker(stack, "a", { master, host: { provider: remote, address: REMOTE } });
    expect(
      () => new SparkWorker(stack, "b", { master, host: { provider: remote, address: "10.0.0.99" }, uiPortBase: 9081, rpcPortBase: 9078 }),
    ).toThrow(/SparkWorker "test\/b": gives Docker host test\/box the address 10\.0\.0\.99, but test\/a gave it 10\.0\.0\.11/);
  });

  test("a remote worker image of another Spark version", () => {
    const { stack, master, remote } = spanning();
    const image = new SparkImage(stack, "old", { sparkVersion: "4.0.5" });
    expect(() => new SparkWorker(stack, "far", { master, image, host: { provider: remote, address: REMOTE } })).toThrow(
      /SparkWorker "test\/far": image runs Spark 4\.0\.5 but the master runs 4\.1\.4/,
    );
  });

  test("a remote worker group built with another Python package set", () => {
    const { stack, master, remote } = spanning();
    const image = new SparkImage(stack, "other", { pythonPackages: ["polars==1.20.0"] });
    expect(() => new SparkWorker(stack, "far", { master, image, host: { provider: remote, address: REMOTE } })).toThrow(
      /SparkWorker "test\/far": image carries the Databricks Runtime 18 LTS profile \+ polars==1\.20\.0 but the master's carries the Databricks Runtime 18 LTS profile: .*Omit image to use the master's, or give both images the same runtime \(or sparkVersion\), pythonDataStack and pythonPackages/,
    );
  });

  test("Spark properties the cluster derives across hosts", () => {
    expect(() => testCluster({ address: MAIN, sparkProperties: { "spark.network.crypto.enabled": "false" } })).toThrow(
      /SparkMaster "test\/master": sparkProperties sets spark\.network\.crypto\.enabled, but traffic between hosts is always encrypted/,
    );
    expect(() => testCluster({ address: MAIN, sparkProperties: { "spark.port.maxRetries": "9" } })).toThrow(
      /sparkProperties sets spark\.port\.maxRetries, but the cluster plans its fixed ports with it; set portRetries instead/,
    );
  });

  test("settings that only exist across hosts, on a cluster that does not span them", () => {
    expect(() => testCluster({ portRetries: 7 })).toThrow(
      /SparkMaster "test\/master": portRetries only apply to a cluster spanning hosts\. Set address as well/,
    );
    const { stack, master } = testCluster();
    expect(() => new JupyterLab(stack, "j", { master, driverPortBase: 7400 })).toThrow(
      /JupyterLab "test\/j": driverPortBase only applies to a driver of a cluster spanning hosts/,
    );
    expect(() => new SparkWorker(stack, "w", { master, rpcPortBase: 7400 })).toThrow(
      /SparkWorker "test\/w": rpcPortBase only applies to workers of a cluster spanning hosts/,
    );
    const spans = spanning();
    expect(() => new SparkWorker(spans.stack, "w", { master: spans.master, hostIp: "0.0.0.0" })).toThrow(
      /SparkWorker "test\/w": hostIp is given, but workers of a cluster spanning hosts publish nothing/,
    );
  });
});

/** The stack's master (tests above create one per stack). */
function spanningMaster(stack: TerraformStack) {
  return stack.node.findChild("master") as unknown as import("../lib").SparkMaster;
}
