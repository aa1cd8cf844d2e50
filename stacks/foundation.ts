import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TerraformStack } from "cdktf";
import { BucketMode, S3BucketOptions, Size, SparkWorkbenchProps, TableFormat, WorkbenchMode } from "../lib";
import { WorkbenchSettings } from "./settings";

/**
 * Docker and random always; AWS only when the bucket lives there, so a local
 * stack never needs the (large) AWS provider installed.
 */
export function declareProviders(stack: TerraformStack, settings: WorkbenchSettings): void {
  new DockerProvider(stack, "docker", {});
  new RandomProvider(stack, "random", {});
  // For mirrors that hold another release than the one the bindings were generated from.
  if (settings.dockerProviderVersion) {
    stack.addOverride("terraform.required_providers.docker.version", settings.dockerProviderVersion);
  }
  if (settings.randomProviderVersion) {
    stack.addOverride("terraform.required_providers.random.version", settings.randomProviderVersion);
  }
  if (settings.bucketMode === BucketMode.AWS) {
    // Loaded only here: the AWS provider's bindings are the slowest to require.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { AwsProvider } = require("@cdktf/provider-aws/lib/provider") as typeof import("@cdktf/provider-aws/lib/provider");
    new AwsProvider(stack, "aws", { region: settings.awsRegion ?? "us-east-1" });
  }
}

/** The workbench both stacks build, as the settings say. */
export function workbenchProps(settings: WorkbenchSettings, mode: WorkbenchMode): SparkWorkbenchProps {
  const bucket: S3BucketOptions =
    settings.bucketMode === BucketMode.AWS
      ? { mode: BucketMode.AWS, bucketName: settings.bucketName, credentials: settings.awsCredentials }
      : { mode: settings.bucketMode, bucketName: settings.bucketName, serverImage: settings.s3ServerImage };
  const image = {
    runtime: settings.runtime,
    sparkVersion: settings.sparkVersion,
    baseImage: settings.sparkBaseImage,
    acceptUnknownPatch: settings.acceptUnknownPatch,
    cloudCommitterVersion: settings.cloudCommitterVersion,
    awsSdkVersion: settings.awsSdkVersion,
    // Checked by SparkImage against the line's builds.
    tableFormats: settings.tableFormats?.split(",").map((f) => f.trim() as TableFormat),
  };
  const connect = settings.connect === false ? false : undefined;
  const catalog = { enabled: settings.catalog, databaseImage: settings.catalogImage };
  if (mode === WorkbenchMode.LOCAL) return { mode, image, bucket, connect, catalog };
  return {
    mode,
    image,
    bucket,
    connect,
    catalog,
    master: { maxCoresPerApp: settings.maxCoresPerApp },
    workers: {
      count: settings.workers,
      cores: settings.workerCores,
      memory: settings.workerMemory === undefined ? undefined : Size.parse(settings.workerMemory),
      uiPortBase: settings.workerUiPortBase,
    },
  };
}
