import { Network } from "@cdktf/provider-docker/lib/network";
import { TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { HistoryServer, JupyterLab, S3Bucket, SparkImage, SparkMaster, SparkWorker } from "../lib";
import { bucketOutputs, bucketProps } from "./bucket";
import { declareProviders } from "./providers";
import { WorkbenchSettings } from "./settings";

/** A Spark standalone cluster: master, N workers, history server, JupyterLab in client mode, a bucket. */
export class ClusterStack extends TerraformStack {
  constructor(scope: Construct, id: string, settings: WorkbenchSettings = {}) {
    super(scope, id);
    declareProviders(this, settings);
    const network = new Network(this, "network", { name: id });
    const image = new SparkImage(this, "spark-image", { sparkVersion: settings.sparkVersion, baseImage: settings.sparkBaseImage });
    const bucket = new S3Bucket(this, "bucket", bucketProps(settings, network));
    const master = new SparkMaster(this, "master", { image, network, bucket });
    const workers = new SparkWorker(this, "workers", {
      master,
      count: settings.workers,
      cores: settings.workerCores,
      memory: settings.workerMemory,
      uiPortBase: settings.workerUiPortBase,
    });
    const history = new HistoryServer(this, "history", { master });
    const jupyter = new JupyterLab(this, "jupyter", { master });

    new TerraformOutput(this, "jupyter_url", { value: jupyter.url, sensitive: true });
    new TerraformOutput(this, "master_url", { value: master.url });
    if (master.rpcSecret) new TerraformOutput(this, "spark_rpc_secret", { value: master.rpcSecret, sensitive: true });
    new TerraformOutput(this, "master_ui", { value: master.uiUrl });
    new TerraformOutput(this, "worker_uis", { value: workers.uiUrls });
    new TerraformOutput(this, "history_ui", { value: history.uiUrl });
    new TerraformOutput(this, "jupyter_container", { value: jupyter.name });
    bucketOutputs(this, bucket);
  }
}
