/**
 * What tells this build of the library from its CDK Terrain build. The same `lib/` compiles against cdktf
 * (this file) and against cdktn: `scripts/cdktn.sh` rewrites the module specifiers and puts
 * `packages/cdktn/framework.ts` here instead (docs/api-design.md, "One source, two frameworks").
 */
export const FRAMEWORK = {
  /** The AWS package and its Python module, in messages. */
  awsPackage: "cdktf-spark-aws",
  awsPythonModule: "cdktf_spark_aws",
  /** The AWS provider's bindings the AWS package needs beside it, and their range, in messages. */
  awsProviderPackage: "@cdktf/provider-aws",
  awsProviderRange: "^21",
  /** The releases the Docker and random bindings are generated from: what a stack requires unless told otherwise. */
  dockerProviderVersion: "3.6.2",
  randomProviderVersion: "3.7.2",
} as const;
