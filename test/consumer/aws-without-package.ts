// A bucket in AWS mode without cdktf-spark-aws installed must say which packages to install.
import { App, TerraformStack } from "cdktf";
import { readFileSync } from "fs";
import { BucketMode, S3Bucket, SparkConfigError } from "cdktf-spark";

const stack = new TerraformStack(new App({ outdir: "out/aws" }), "aws");
try {
  new S3Bucket(stack, "bucket", { mode: BucketMode.AWS });
  console.error("FAIL: an AWS bucket was created without cdktf-spark-aws");
  process.exit(1);
} catch (e) {
  const { version } = JSON.parse(readFileSync(require.resolve("cdktf-spark/package.json"), "utf8")) as { version: string };
  if (!(e instanceof SparkConfigError) || !e.message.includes(`npm install cdktf-spark-aws@${version} @cdktf/provider-aws@^21`)) throw e;
  console.log(`ok: ${e.message}`);
}
