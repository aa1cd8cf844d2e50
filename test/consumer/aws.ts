import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { App, TerraformStack } from "cdktf";
import { BucketMode, SparkWorkbench } from "cdktf-spark";

const app = new App();
const stack = new TerraformStack(app, "my-spark-aws");
new DockerProvider(stack, "docker", {});
new RandomProvider(stack, "random", {});
// No alias: the bucket's resources use the stack's default AWS provider, its region and account.
new AwsProvider(stack, "aws", { region: "eu-west-1" });

// The containers stay in Docker; the bucket and the IAM policy granting s3a access to it are in AWS.
new SparkWorkbench(stack, "spark", { bucket: { mode: BucketMode.AWS } });

app.synth();
