import { ITerraformDependable } from "cdktf";
import { SparkProperties } from "./spark-conf";

/**
 * What a bucket hands every Spark container, whatever runs it: s3a settings
 * and credentials as environment variables (s3a's default chain reads them on
 * the driver and on every executor).
 */
export interface S3Connection {
  /** The bucket's name. */
  readonly bucketName: string;
  /** "s3a://<bucket>" for Spark paths. */
  readonly uri: string;
  /** spark.hadoop.fs.s3a.* properties (endpoint, region, path style, TLS). */
  readonly sparkProperties: SparkProperties;
  /** AWS_* variables holding the credentials and region. */
  readonly env: string[];
  /** Resources that must exist before a container uses the bucket. */
  readonly dependables: ITerraformDependable[];
}
