import { TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { HistoryServer, JupyterLab, SparkMaster, SparkWorker } from "../lib";
import { bucketOutputs, foundation } from "./foundation";
import { WorkbenchSettings } from "./settings";

/** A Spark standalone cluster: master, N workers, history server, JupyterLab in client mode, a bucket. */
export class ClusterStack extends TerraformStack {
  constructor(scope: Construct, id: string, settings: WorkbenchSettings = {}) {
    super(scope, id);
    const { network, image, bucket } = foundation(this, settings);
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
