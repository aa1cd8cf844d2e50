import { TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { JupyterLab } from "../lib";
import { bucketOutputs, foundation } from "./foundation";
import { WorkbenchSettings } from "./settings";

/** JupyterLab with Spark in local mode, and a bucket it reads and writes through s3a. */
export class LocalStack extends TerraformStack {
  constructor(scope: Construct, id: string, settings: WorkbenchSettings = {}) {
    super(scope, id);
    const { network, image, bucket } = foundation(this, settings);
    const jupyter = new JupyterLab(this, "jupyter", { image, network, bucket });

    new TerraformOutput(this, "jupyter_url", { value: jupyter.url, sensitive: true });
    bucketOutputs(this, bucket);
  }
}
