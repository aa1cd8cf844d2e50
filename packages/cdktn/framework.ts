/**
 * The CDK Terrain build's facts: `scripts/cdktn.sh` puts this file at lib/private/framework.ts of the rewritten
 * source (the cdktf build's is there in the repository).
 */
export const FRAMEWORK = {
  /** The AWS package and its Python module, in messages. */
  awsPackage: "cdktn-spark-aws",
  awsPythonModule: "cdktn_spark_aws",
  /** The AWS provider's bindings the AWS package needs beside it, and their range, in messages. */
  awsProviderPackage: "@cdktn/provider-aws",
  awsProviderRange: "^25",
  /**
   * The releases the Docker and random bindings are generated from: the Docker bindings by `cdktn get` from
   * kreuzwerker/docker 4.6.0 (as PyPI's cdktn-provider-docker 16.1.0), @cdktn/provider-random 15 from 3.9.1.
   */
  dockerProviderVersion: "4.6.0",
  randomProviderVersion: "3.9.1",
} as const;
