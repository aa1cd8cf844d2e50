import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { SparkWorkbench, WorkbenchMode } from "../lib";
import { declareProviders, workbenchProps } from "./foundation";
import { WorkbenchSettings } from "./settings";
import { privateLocalState } from "./state";

/** A Spark standalone cluster: master, N workers, history server, JupyterLab in client mode, a bucket. */
export class ClusterStack extends TerraformStack {
  constructor(scope: Construct, id: string, settings: WorkbenchSettings = {}) {
    super(scope, id);
    privateLocalState(this);
    declareProviders(this, settings);
    new SparkWorkbench(this, "spark", workbenchProps(settings, WorkbenchMode.CLUSTER));
  }
}
