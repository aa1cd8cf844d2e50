import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { Construct } from "constructs";
import { WorkbenchSettings } from "./settings";

/**
 * Docker and random always; AWS only when the bucket lives there, so a local
 * stack never needs the (large) AWS provider installed.
 */
export function declareProviders(stack: Construct, settings: WorkbenchSettings): void {
  new DockerProvider(stack, "docker", {});
  new RandomProvider(stack, "random", {});
  if (settings.bucketMode === "aws") {
    // Loaded only here: the AWS provider's bindings are the slowest to require.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { AwsProvider } = require("@cdktf/provider-aws/lib/provider") as typeof import("@cdktf/provider-aws/lib/provider");
    new AwsProvider(stack, "aws", { region: settings.awsRegion ?? "us-east-1" });
  }
}
