import { Network } from "@cdktf/provider-docker/lib/network";
import { TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { JupyterLab, S3Bucket, SparkImage } from "../lib";
import { declareProviders } from "./providers";
import { bucketOutputs, bucketProps } from "./bucket";
import { WorkbenchSettings } from "./settings";

/** JupyterLab with Spark in local mode, and a bucket it reads and writes through s3a. */
export class LocalStack extends TerraformStack {
  constructor(scope: Construct, id: string, settings: WorkbenchSettings = {}) {
    super(scope, id);
    declareProviders(this, settings);
    const network = new Network(this, "network", { name: id });
    const image = new SparkImage(this, "spark-image", { sparkVersion: settings.sparkVersion, baseImage: settings.sparkBaseImage });
    const bucket = new S3Bucket(this, "bucket", bucketProps(settings, network));
    const jupyter = new JupyterLab(this, "jupyter", { image, network, bucket });

    new TerraformOutput(this, "jupyter_url", { value: jupyter.url, sensitive: true });
    bucketOutputs(this, bucket);
  }
}
