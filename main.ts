import { App } from "cdktf";
import { ClusterStack } from "./stacks/cluster-stack";
import { LocalStack } from "./stacks/local-stack";
import { settingsFromEnv } from "./stacks/settings";
import { protectState } from "./stacks/state";

const app = new App();
const settings = settingsFromEnv(process.env);
new LocalStack(app, "local-stack", settings);
new ClusterStack(app, "cluster-stack", settings);
protectState(
  __dirname,
  app.node.children.map((stack) => stack.node.id),
);
app.synth();
