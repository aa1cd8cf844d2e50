import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { SparkWorkbench, WorkbenchMode } from "../lib";
import { declareProviders, workbenchProps } from "./foundation";
import { WorkbenchSettings } from "./settings";
import { privateLocalState } from "./state";

/** JupyterLab with Spark in local mode, and a bucket it reads and writes through s3a. */
export class LocalStack extends TerraformStack {
  constructor(scope: Construct, id: string, settings: WorkbenchSettings = {}) {
    super(scope, id);
    privateLocalState(this);
    declareProviders(this, settings);
    new SparkWorkbench(this, "spark", workbenchProps(settings, WorkbenchMode.LOCAL));
  }
}
