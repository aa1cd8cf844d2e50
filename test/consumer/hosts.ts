import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { App, TerraformStack } from "cdktf";
import { Size, SparkWorkbench } from "cdktf-spark";

const app = new App();
const stack = new TerraformStack(app, "spark-hosts");
new DockerProvider(stack, "docker", {}); // this machine: master, history server, JupyterLab, bucket, one worker
new RandomProvider(stack, "random", {});
// Two more machines: one through SSH (its user may run docker), one through the Docker API over TCP with TLS.
const gpuBox = new DockerProvider(stack, "gpu-box", { alias: "gpu-box", host: "ssh://spark@10.0.0.12" });
const oldServer = new DockerProvider(stack, "old-server", {
  alias: "old-server",
  host: "tcp://10.0.0.13:2376",
  certPath: "/home/me/.docker/old-server", // ca.pem, cert.pem, key.pem
});

const spark = new SparkWorkbench(stack, "spark", {
  // This machine's address on the network the three share.
  master: { address: "10.0.0.11", maxCoresPerApp: 8 },
  workers: { count: 1, cores: 2 },
});
spark.addWorkers("gpu-box", { host: { provider: gpuBox, address: "10.0.0.12" }, count: 2, cores: 2, memory: Size.gibibytes(4) });
spark.addWorkers("old-server", { host: { provider: oldServer, address: "10.0.0.13" }, count: 1, cores: 2 });

app.synth();
