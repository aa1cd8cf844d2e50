import { Network } from "@cdktf/provider-docker/lib/network";
import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import { S3Bucket, S3BucketProps, SparkImage } from "../lib";
import { WorkbenchSettings } from "./settings";

/**
 * What both stacks start from: their providers, a Docker network named after
 * the stack, the Spark image and the bucket, all as the settings say.
 */
export function foundation(stack: TerraformStack, settings: WorkbenchSettings) {
  declareProviders(stack, settings);
  const network = new Network(stack, "network", { name: stack.node.id });
  const image = new SparkImage(stack, "spark-image", { sparkVersion: settings.sparkVersion, baseImage: settings.sparkBaseImage });
  const bucket = new S3Bucket(stack, "bucket", bucketProps(settings, network));
  return { network, image, bucket };
}

/** Outputs both stacks give for their bucket. */
export function bucketOutputs(stack: TerraformStack, bucket: S3Bucket): void {
  new TerraformOutput(stack, "bucket_name", { value: bucket.bucketName });
  new TerraformOutput(stack, "bucket_uri", { value: bucket.uri });
  if (bucket.hostEndpoint) new TerraformOutput(stack, "s3_endpoint", { value: bucket.hostEndpoint });
  if (bucket.policyArn) new TerraformOutput(stack, "s3a_policy_arn", { value: bucket.policyArn });
}

/**
 * Docker and random always; AWS only when the bucket lives there, so a local
 * stack never needs the (large) AWS provider installed.
 */
function declareProviders(stack: TerraformStack, settings: WorkbenchSettings): void {
  new DockerProvider(stack, "docker", {});
  new RandomProvider(stack, "random", {});
  // For mirrors that hold another release than the one the bindings were generated from.
  if (settings.dockerProviderVersion) {
    stack.addOverride("terraform.required_providers.docker.version", settings.dockerProviderVersion);
  }
  if (settings.randomProviderVersion) {
    stack.addOverride("terraform.required_providers.random.version", settings.randomProviderVersion);
  }
  if (settings.bucketMode === "aws") {
    // Loaded only here: the AWS provider's bindings are the slowest to require.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { AwsProvider } = require("@cdktf/provider-aws/lib/provider") as typeof import("@cdktf/provider-aws/lib/provider");
    new AwsProvider(stack, "aws", { region: settings.awsRegion ?? "us-east-1" });
  }
}

function bucketProps(settings: WorkbenchSettings, network: Network): S3BucketProps {
  const mode = settings.bucketMode ?? "local";
  return mode === "local"
    ? { mode, network, bucketName: settings.bucketName, serverImage: settings.s3ServerImage }
    : { mode, bucketName: settings.bucketName, credentials: settings.awsCredentials };
}
