/**
 * The AWS side of cdktf-spark. An `S3Bucket` in `BucketMode.AWS` (a hardened bucket, its least-privilege s3a
 * policy, and where Spark's credentials come from) is built by this package, which `S3Bucket` loads only when
 * asked for one, so an app with a local bucket never loads the AWS provider's bindings.
 *
 * TypeScript: install it beside cdktf-spark. Python: also `import cdktf_spark_aws` once in the app, which is
 * what loads its bindings.
 */
export class SparkAws {
  /** This package's version; cdktf-spark works only with its own. */
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  public static readonly VERSION: string = (require("../package.json") as { version: string }).version;

  private constructor() {}
}
