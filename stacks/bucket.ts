import { Network } from "@cdktf/provider-docker/lib/network";
import { TerraformOutput, TerraformStack } from "cdktf";
import { S3Bucket, S3BucketProps } from "../lib";
import { WorkbenchSettings } from "./settings";

/** Bucket props both stacks derive from the settings. */
export function bucketProps(settings: WorkbenchSettings, network: Network, folders: string[] = []): S3BucketProps {
  const mode = settings.bucketMode ?? "local";
  return mode === "local"
    ? { mode, network, folders, bucketName: settings.bucketName, serverImage: settings.s3ServerImage }
    : { mode, folders, bucketName: settings.bucketName, credentials: settings.awsCredentials };
}

/** Outputs both stacks give for their bucket. */
export function bucketOutputs(stack: TerraformStack, bucket: S3Bucket): void {
  new TerraformOutput(stack, "bucket_name", { value: bucket.bucketName });
  new TerraformOutput(stack, "bucket_uri", { value: bucket.uri });
  if (bucket.hostEndpoint) new TerraformOutput(stack, "s3_endpoint", { value: bucket.hostEndpoint });
  if (bucket.policyArn) new TerraformOutput(stack, "s3a_policy_arn", { value: bucket.policyArn });
}
