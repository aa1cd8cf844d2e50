// A bucket in AWS mode without @cdktf/provider-aws installed must say which package to install.
import { App, TerraformStack } from "cdktf";
import { BucketMode, S3Bucket, SparkConfigError } from "cdktf-spark";

const stack = new TerraformStack(new App({ outdir: "out/aws" }), "aws");
try {
  new S3Bucket(stack, "bucket", { mode: BucketMode.AWS });
  console.error("FAIL: an AWS bucket was created without @cdktf/provider-aws");
  process.exit(1);
} catch (e) {
  if (!(e instanceof SparkConfigError) || !e.message.includes("npm install @cdktf/provider-aws")) throw e;
  console.log(`ok: ${e.message}`);
}
