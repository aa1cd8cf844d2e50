import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { Network } from "@cdktf/provider-docker/lib/network";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { HistoryServer, JupyterLab, S3Bucket, Size, SparkImage, SparkMaster, SparkWorker, SparkWorkbench } from "cdktf-spark";

const app = new App();
const stack = new TerraformStack(app, "team-spark");
new DockerProvider(stack, "docker", {});
new RandomProvider(stack, "random", {}); // tokens and secrets

// A whole workbench per construct: two in one stack never share a name, a volume or a port.
new SparkWorkbench(stack, "etl", { workers: { count: 3, memory: Size.gibibytes(2) } });
new SparkWorkbench(stack, "ml", {
  // Every role (notebook, Connect server, executors) gets polars beside the data stack; ipywidgets is the notebook's alone.
  image: { sparkVersion: "3.5.8", pythonPackages: ["polars==1.20.0"] },
  portOffset: 1000, // JupyterLab on 9888, master UI on 9080, ...
  jupyter: { pipPackages: ["ipywidgets==8.1.5"] },
});

// Or piece by piece, with outputs of your own.
const network = new Network(stack, "network", { name: "team-spark-adhoc" });
const image = new SparkImage(stack, "image", { sparkVersion: "4.0.3" });
const bucket = new S3Bucket(stack, "lake", { network, folders: ["raw"], hostPort: 10333 });
const master = new SparkMaster(stack, "master", {
  image, network, bucket,
  rpcHostPort: 10077, uiHostPort: 10080, maxCoresPerApp: 2,
  eventLogDir: `${bucket.uri}/spark-events`, // created in the bucket at deploy
});
new SparkWorker(stack, "workers", { master, count: 2, cores: 2, memory: Size.gibibytes(2), uiPortBase: 10081 });
const history = new HistoryServer(stack, "history", { master, uiHostPort: 28080 });
const lab = new JupyterLab(stack, "lab", { master, hostPort: 10888, sparkUiHostPort: 10040 });
new TerraformOutput(stack, "adhoc_jupyter_url", { value: lab.url, sensitive: true });
new TerraformOutput(stack, "adhoc_master_ui", { value: master.uiUrl });
new TerraformOutput(stack, "adhoc_history_ui", { value: history.uiUrl });

app.synth();
