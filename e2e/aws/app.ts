/**
 * The e2e's AWS-mode app: a cluster (master, 2 workers, history server,
 * JupyterLab) on a bucket in mode "aws" with SSE-KMS and credentials from the
 * environment (the defaults a team on AWS gets), on the default Spark line.
 * The AWS resources it synthesizes are created in an IAM-enforcing emulator by
 * e2e/aws/emulate.py; s3a is pointed at that emulator through the master's
 * sparkProperties, the same public setting a team uses for an S3 VPC or FIPS
 * endpoint.
 *
 * E2E_AWS_ENDPOINT: the emulator's URL as the containers reach it.
 */
import { App, TerraformStack } from "cdktf";
import { BucketEncryption, BucketMode, SparkWorkbench } from "../../lib";
import { declareProviders } from "../../stacks/foundation";
import { settingsFromEnv } from "../../stacks/settings";

export const AWS_STACK = "aws-stack";
export const AWS_WORKBENCH = "spark";
export const AWS_PORT_OFFSET = 500;

if (require.main === module) {
  const endpoint = process.env.E2E_AWS_ENDPOINT;
  if (!endpoint) throw new Error("E2E_AWS_ENDPOINT is not set: the emulator's URL, e.g. http://172.17.0.1:4566");
  const settings = { ...settingsFromEnv(process.env), bucketMode: BucketMode.AWS, awsRegion: "us-east-1" };
  const app = new App();
  const stack = new TerraformStack(app, AWS_STACK);
  declareProviders(stack, settings);
  new SparkWorkbench(stack, AWS_WORKBENCH, {
    image: {
      sparkVersion: settings.sparkVersion,
      baseImage: settings.sparkBaseImage,
      cloudCommitterVersion: settings.cloudCommitterVersion,
      awsSdkVersion: settings.awsSdkVersion,
    },
    bucket: { mode: BucketMode.AWS, encryption: BucketEncryption.SSE_KMS },
    catalog: { enabled: false },
    connect: false,
    master: {
      sparkProperties: {
        // An emulator on an IP: path-style requests, plain HTTP (it serves no TLS; the note says what that leaves unproven).
        "spark.hadoop.fs.s3a.endpoint": endpoint,
        "spark.hadoop.fs.s3a.path.style.access": "true",
        "spark.hadoop.fs.s3a.connection.ssl.enabled": "false",
        // moto authorizes a bulk DeleteObjects against the bucket's ARN; AWS checks s3:DeleteObject on each key,
        // which the policy grants. One DELETE per key is authorized as AWS does.
        "spark.hadoop.fs.s3a.multiobjectdelete.enable": "false",
      },
    },
    portOffset: AWS_PORT_OFFSET,
  });
  app.synth();
}
