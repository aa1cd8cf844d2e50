import { Network } from "@cdktf/provider-docker/lib/network";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { configError } from "./errors";
import { PublishProps, claimHostPorts, hostIpFor } from "./host-ports";
import { DEFAULT_SEAWEEDFS_IMAGE, LocalS3Server, S3_PORT } from "./local-s3-server";
import { S3Connection } from "./s3-connection";
import { SparkProperties } from "./spark-conf";
import { defaultName } from "./spark-container";
import { requireBucketName } from "./validate";

export interface S3BucketProps extends PublishProps {
  /**
   * "local" runs an S3-compatible server (SeaweedFS) in Docker, no AWS account
   * needed; "aws" creates a hardened bucket in the account of the stack's AwsProvider.
   * @default "local"
   */
  readonly mode?: "local" | "aws";
  /**
   * Bucket name.
   * @default local: "<stack>-data"; aws: a unique name starting "cdktf-spark-"
   */
  readonly bucketName?: string;
  /**
   * Folders (prefixes) to create empty at deploy, e.g. an event log directory
   * that must exist before Spark writes to it.
   * @default []
   */
  readonly folders?: string[];
  /**
   * Docker network of the local server (local mode only; required there).
   * @default none
   */
  readonly network?: Network;
  /**
   * Local mode: image of the S3 server; must provide `weed` and `sh` (a
   * mirror, or a locally built image).
   * @default "chrislusf/seaweedfs:4.48"
   */
  readonly serverImage?: string;
  /**
   * Local mode: container name of the S3 server.
   * @default "<stack>-s3"
   */
  readonly serverName?: string;
  /**
   * Local mode: host port of the S3 endpoint.
   * @default 8333
   */
  readonly hostPort?: number;
  /**
   * Keep the bucket's data when the stack is destroyed (local: retained
   * volume; aws: force_destroy stays false).
   * @default true
   */
  readonly retainData?: boolean;
  /**
   * AWS mode: keep object versions.
   * @default false
   */
  readonly versioning?: boolean;
  /**
   * AWS mode: where Spark's credentials come from. "environment": the
   * deployer's own, passed as TF_VAR_spark_s3_access_key_id,
   * TF_VAR_spark_s3_secret_access_key and TF_VAR_spark_s3_session_token;
   * "iam-user": a generated IAM user and access key (stored in Terraform state).
   * @default "environment"
   */
  readonly credentials?: "environment" | "iam-user";
}

/**
 * The stack's bucket, local or on AWS behind one interface: every Spark
 * container gets the same endpoint, region, path style and credentials.
 */
export class S3Bucket extends Construct implements S3Connection {
  public readonly bucketName: string;
  public readonly uri: string;
  public readonly sparkProperties: SparkProperties;
  public readonly env: string[];
  public readonly dependables: ITerraformDependable[];
  /** Endpoint for tools on the host (local mode), e.g. http://127.0.0.1:8333. */
  public readonly hostEndpoint?: string;
  /** ARN of the least-privilege s3a policy (aws mode), to attach to your own role. */
  public readonly policyArn?: string;

  constructor(scope: Construct, id: string, props: S3BucketProps = {}) {
    super(scope, id);
    const mode = props.mode ?? "local";
    const folders = props.folders ?? [];
    for (const folder of folders) {
      if (!/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/.test(folder)) {
        throw configError(this, `folder "${folder}" is not a plain S3 prefix. Use letters, digits and -_.!*'() separated by "/", without leading or trailing "/".`);
      }
    }
    if (props.bucketName !== undefined) requireBucketName(this, props.bucketName);
    const retain = props.retainData ?? true;

    if (mode === "local") {
      if (!props.network) {
        throw configError(this, `mode "local" runs the S3 server in Docker and needs network. Pass the stack's docker Network.`);
      }
      const name = defaultName(this, "s3", props.serverName);
      const hostIp = hostIpFor(this, props);
      const hostPort = props.hostPort ?? S3_PORT;
      claimHostPorts(this, { hostPort });
      this.bucketName = requireBucketName(this, props.bucketName ?? `${defaultName(this, "data")}`.toLowerCase());
      const server = new LocalS3Server(this, "server", {
        name,
        image: props.serverImage ?? DEFAULT_SEAWEEDFS_IMAGE,
        network: props.network,
        bucketName: this.bucketName,
        folders,
        hostIp,
        hostPort,
        retain,
      });
      this.hostEndpoint = `http://${hostIp}:${hostPort}`;
      this.sparkProperties = {
        "spark.hadoop.fs.s3a.endpoint": server.endpoint,
        "spark.hadoop.fs.s3a.endpoint.region": "us-east-1",
        "spark.hadoop.fs.s3a.path.style.access": "true",
        "spark.hadoop.fs.s3a.connection.ssl.enabled": "false",
      };
      this.env = [
        `AWS_ACCESS_KEY_ID=${server.accessKeyId}`,
        `AWS_SECRET_ACCESS_KEY=${server.secretAccessKey}`,
        "AWS_REGION=us-east-1",
      ];
      this.dependables = [server.container];
    } else if (mode === "aws") {
      if (props.serverImage || props.serverName || props.hostPort !== undefined) {
        throw configError(this, `serverImage, serverName and hostPort only apply to mode "local". Remove them for mode "aws".`);
      }
      const credentials = props.credentials ?? "environment";
      if (credentials !== "environment" && credentials !== "iam-user") {
        throw configError(this, `credentials "${credentials}" is not supported. Use "environment" (your own, short-lived) or "iam-user" (a generated access key).`);
      }
      // Required here, not at the top: the AWS bindings are slow to load and a local bucket never needs them.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { AwsBucket } = require("./aws-bucket") as typeof import("./aws-bucket");
      const bucket = new AwsBucket(this, "aws", {
        bucketName: props.bucketName,
        folders,
        versioning: props.versioning ?? false,
        forceDestroy: !retain,
        credentials,
      });
      this.bucketName = bucket.bucketName;
      this.policyArn = bucket.policyArn;
      this.sparkProperties = {
        "spark.hadoop.fs.s3a.endpoint.region": bucket.region,
        "spark.hadoop.fs.s3a.path.style.access": "false",
        "spark.hadoop.fs.s3a.connection.ssl.enabled": "true",
      };
      this.env = bucket.env;
      this.dependables = bucket.dependables;
    } else {
      throw configError(this, `mode "${mode}" is not supported. Use "local" or "aws".`);
    }
    this.uri = `s3a://${this.bucketName}`;
  }
}
