import { ITerraformDependable } from "cdktf";
import { IConstruct } from "constructs";
import { IDockerNetwork } from "./docker-types";
import { SparkProperties } from "./spark-properties";

/** What a bucket hands a container that may read and write it. */
export interface S3Grant {
  /** spark.hadoop.fs.s3a.* properties (endpoint, region, path style, TLS). */
  readonly sparkProperties: SparkProperties;
  /** AWS_* variables holding the credentials and region (s3a's default chain reads them on drivers and executors). */
  readonly env: string[];
  /** What must exist before the container uses the bucket. */
  readonly dependsOn: ITerraformDependable[];
}

/** A bucket Spark can use through s3a, local or on AWS. */
export interface IS3Connection extends IConstruct {
  /** The bucket's name (a token in AWS mode when generated). */
  readonly bucketName: string;
  /** "s3a://<bucket>" for Spark paths. */
  readonly uri: string;
  /** Prefixes created empty at deploy (s3a needs them to exist before it lists them). */
  readonly folders: string[];
  /** Creates a prefix at deploy, e.g. an event log directory. Adding one twice is harmless. */
  addFolder(prefix: string): void;
  /**
   * Gives `grantee` read and write access: the settings and credentials its
   * container needs. `network` is where the container runs: a local bucket's
   * server is reachable only from its own network, so another one fails
   * synthesis. `address` is the host's address on a network several Docker
   * hosts share: a local bucket is then published there too, and the endpoint
   * it hands out uses it, so processes on every host reach it.
   */
  grantReadWrite(grantee: IConstruct, network?: IDockerNetwork, address?: string): S3Grant;
}
