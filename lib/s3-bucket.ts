import { ITerraformDependable, Token } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { SparkConfigError } from "./errors";
import { PublishProps, claimHostPorts, hostIpFor } from "./host-ports";
import { LocalS3Server, S3_PORT } from "./private/local-s3-server";
import { DEFAULT_SEAWEEDFS_IMAGE } from "./versions";
import { FRAMEWORK } from "./private/framework";
import { claim, containerName, uniqueName } from "./private/names";
import { IS3Connection, S3Grant } from "./s3-connection";
import { SparkProperties } from "./spark-properties";
import { IDockerNetwork, ResourceLimits } from "./docker-types";
import { limitsOf, requireBucketName, requireEnum, requireInt, requirePrefix } from "./private/validate";
import { Size } from "./size";

/** Where the bucket lives. */
export enum BucketMode {
  /** On an S3-compatible server (SeaweedFS) in Docker: no AWS account needed. */
  LOCAL = "local",
  /** A hardened bucket in the AWS account of the stack's AwsProvider. */
  AWS = "aws",
}

/** Default encryption of an AWS bucket. */
export enum BucketEncryption {
  /** AES-256, keys managed by S3. */
  SSE_S3 = "SSE-S3",
  /** A KMS key, with an S3 bucket key to keep KMS calls few; the s3a policy then allows that key's Decrypt and GenerateDataKey. */
  SSE_KMS = "SSE-KMS",
}

/** Where Spark's credentials for an AWS bucket come from. */
export enum BucketCredentials {
  /**
   * The deployer's own, passed as TF_VAR_spark_s3_access_key_id,
   * TF_VAR_spark_s3_secret_access_key and TF_VAR_spark_s3_session_token
   * (shared by every AWS bucket of the stack).
   */
  ENVIRONMENT = "environment",
  /** A generated IAM user and access key (stored in Terraform state). */
  IAM_USER = "iam-user",
}

/** Where an AWS bucket's server access logs go. */
export interface S3AccessLogsProps {
  /** A bucket of yours that accepts S3 log delivery. */
  readonly bucketName: string;
  /**
   * Key prefix of the log objects.
   * @default "s3-access"
   */
  readonly prefix?: string;
}

/**
 * A bucket's settings but its network, as a workbench takes them. Settings of
 * the other mode are refused at synth.
 */
export interface S3BucketOptions extends PublishProps {
  /** @default BucketMode.LOCAL */
  readonly mode?: BucketMode;
  /**
   * Bucket name.
   * @default local: the construct's unique name, e.g. "team-spark-data"; aws: a unique name starting "cdktf-spark-"
   */
  readonly bucketName?: string;
  /**
   * Folders (prefixes) to create empty at deploy, e.g. an event log directory
   * that must exist before Spark lists it. More can be added with addFolder.
   * @default []
   */
  readonly folders?: string[];
  /**
   * Keep the bucket's data when the stack is destroyed (local: a retained
   * volume; aws: force_destroy stays false).
   * @default true
   */
  readonly retainData?: boolean;
  /**
   * Local mode: image of the S3 server; must provide `weed` and `sh` (a mirror, or a locally built image).
   * @default "chrislusf/seaweedfs:4.48"
   */
  readonly serverImage?: string;
  /**
   * Local mode: container name of the S3 server.
   * @default "<unique name>-s3"
   */
  readonly serverName?: string;
  /**
   * Local mode: host port of the S3 endpoint, for tools on the host.
   * @default 8333
   */
  readonly hostPort?: number;
  /**
   * Local mode: memory and CPU caps of the S3 server container.
   * @default { memory: Size.gibibytes(1), cpus: 1 }
   */
  readonly resources?: ResourceLimits;
  /**
   * AWS mode: keep object versions.
   * @default false
   */
  readonly versioning?: boolean;
  /**
   * AWS mode, with versioning: delete an object's older versions this many days after they were replaced.
   * @default 30
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * AWS mode: default encryption.
   * @default BucketEncryption.SSE_S3
   */
  readonly encryption?: BucketEncryption;
  /**
   * AWS mode: ARN of the KMS key for BucketEncryption.SSE_KMS.
   * @default a new key with yearly rotation
   */
  readonly kmsKeyArn?: string;
  /**
   * AWS mode: server access logs to another bucket of yours (which must accept S3 log delivery).
   * @default none
   */
  readonly accessLogs?: S3AccessLogsProps;
  /**
   * AWS mode: where Spark's credentials come from.
   * @default BucketCredentials.ENVIRONMENT
   */
  readonly credentials?: BucketCredentials;
}

export interface S3BucketProps extends S3BucketOptions {
  /** Local mode (required there): Docker network of the server; only containers on it can reach the bucket. */
  readonly network?: IDockerNetwork;
}

/**
 * Writes to s3a go through the S3A magic committer: tasks upload their files
 * as pending multipart uploads that only the job commit completes, so a
 * failed or retried task never leaves partial or duplicate output, and
 * nothing is renamed on the object store. The image carries the binding
 * (spark-hadoop-cloud of the same Spark version).
 */
const MAGIC_COMMITTER: SparkProperties = {
  "spark.hadoop.fs.s3a.committer.name": "magic",
  "spark.hadoop.fs.s3a.committer.magic.enabled": "true",
  "spark.hadoop.mapreduce.outputcommitter.factory.scheme.s3a": "org.apache.hadoop.fs.s3a.commit.S3ACommitterFactory",
  "spark.sql.sources.commitProtocolClass": "org.apache.spark.internal.io.cloud.PathOutputCommitProtocol",
  "spark.sql.parquet.output.committer.class": "org.apache.spark.internal.io.cloud.BindingParquetOutputCommitter",
};

const LOCAL_ONLY = ["network", "serverImage", "serverName", "hostPort", "hostIp", "resources"] as const;
/** The AWS backend, package cdktf-spark-aws's "./backend" (not in its jsii API: these are the shapes it has). */
interface AwsBackend {
  readonly AwsBucket: new (
    scope: Construct,
    id: string,
    options: {
      readonly bucketName?: string;
      readonly versioning: boolean;
      readonly noncurrentVersionExpirationDays: number;
      readonly forceDestroy: boolean;
      readonly credentials: string;
      readonly encryption: string;
      readonly kmsKeyArn?: string;
      readonly accessLogs?: { readonly bucketName: string; readonly prefix: string };
    },
  ) => Construct & Backend & { readonly policyArn: string };
}

/**
 * Loaded only for an AWS bucket: the AWS provider's bindings take seconds to load (tens in Python) and a local
 * bucket never needs them. Missing or of another release → say what to install.
 */
function loadAwsBackend(scope: Construct): AwsBackend {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const version = (require("../package.json") as { version: string }).version;
  // One message for both languages: the library does not read its environment to tell which it runs under.
  const install =
    `Run: npm install ${FRAMEWORK.awsPackage}@${version} ${FRAMEWORK.awsProviderPackage}@${FRAMEWORK.awsProviderRange} ` +
    `(Python: pip install ${FRAMEWORK.awsPackage}==${version}, and import ${FRAMEWORK.awsPythonModule} once in the app, which loads its bindings).`;
  let installed: string;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    installed = (require("cdktf-spark-aws/package.json") as { version: string }).version;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw e;
    throw new SparkConfigError(
      scope,
      `mode "aws" needs the package ${FRAMEWORK.awsPackage}, which is not installed (or, in Python, not imported).`,
      install,
    );
  }
  if (installed !== version) {
    throw new SparkConfigError(
      scope,
      `mode "aws" needs ${FRAMEWORK.awsPackage} ${version}, the release of this library; ${installed} is installed.`,
      install,
    );
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("cdktf-spark-aws/backend") as AwsBackend;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw e;
    throw new SparkConfigError(scope, `mode "aws" needs the package ${FRAMEWORK.awsProviderPackage}, which is not installed.`, install);
  }
}

const AWS_ONLY = ["versioning", "credentials", "noncurrentVersionExpirationDays", "encryption", "kmsKeyArn", "accessLogs"] as const;

interface Backend {
  readonly bucketName: string;
  readonly sparkProperties: SparkProperties;
  readonly env: readonly string[];
  dependables(): ITerraformDependable[];
  addFolder(prefix: string): void;
  /** A local server publishes itself on `address` as well and returns the settings that reach it there. */
  publishOn?(address: string): SparkProperties;
}

/**
 * The bucket Spark reads and writes through s3a, local or on AWS behind one
 * interface: every container granted access gets the same endpoint, region,
 * path style and credentials.
 */
export class S3Bucket extends Construct implements IS3Connection {
  public readonly bucketName: string;
  public readonly uri: string;
  public readonly mode: BucketMode;
  /** ARN of the least-privilege s3a policy (aws mode), to attach to your own role. */
  public readonly policyArn?: string;
  private readonly backend: Backend;
  private readonly network?: IDockerNetwork;
  private readonly folderList: string[] = [];

  constructor(scope: Construct, id: string, props: S3BucketProps) {
    super(scope, id);
    // A prop of the other mode must not be silently ignored.
    const mode = requireEnum(this, "mode", props.mode ?? BucketMode.LOCAL, "BucketMode", BucketMode);
    const given = (keys: readonly string[]) => keys.filter((k) => (props as unknown as Record<string, unknown>)[k] !== undefined);
    if (mode === BucketMode.LOCAL) {
      const wrong = given(AWS_ONLY);
      if (wrong.length)
        throw new SparkConfigError(this, `${wrong.join(", ")} only apply to mode "aws".`, `Remove them, or set mode BucketMode.AWS.`);
    } else {
      const wrong = given(LOCAL_ONLY);
      if (wrong.length) throw new SparkConfigError(this, `${wrong.join(", ")} only apply to mode "local".`, `Remove them for mode "aws".`);
    }
    this.mode = mode;
    if (props.bucketName !== undefined) requireBucketName(this, props.bucketName);
    const retain = props.retainData ?? true;

    if (mode === BucketMode.AWS) {
      const credentials = requireEnum(
        this,
        "credentials",
        props.credentials ?? BucketCredentials.ENVIRONMENT,
        "BucketCredentials",
        BucketCredentials,
      );
      const aws = loadAwsBackend(this);
      const encryption = requireEnum(this, "encryption", props.encryption ?? BucketEncryption.SSE_S3, "BucketEncryption", BucketEncryption);
      if (props.kmsKeyArn !== undefined && encryption !== BucketEncryption.SSE_KMS) {
        throw new SparkConfigError(
          this,
          `kmsKeyArn is given but encryption is ${encryption}.`,
          `Set encryption BucketEncryption.SSE_KMS, or remove kmsKeyArn.`,
        );
      }
      if (props.noncurrentVersionExpirationDays !== undefined && !props.versioning) {
        throw new SparkConfigError(
          this,
          `noncurrentVersionExpirationDays only applies with versioning.`,
          `Set versioning: true, or remove it.`,
        );
      }
      if (props.accessLogs) requireBucketName(this, props.accessLogs.bucketName);
      const bucket = new aws.AwsBucket(this, "aws", {
        bucketName: props.bucketName,
        versioning: props.versioning ?? false,
        // Only passed on to the lifecycle rule: a token is honoured at deploy.
        noncurrentVersionExpirationDays: Token.isUnresolved(props.noncurrentVersionExpirationDays)
          ? (props.noncurrentVersionExpirationDays as number)
          : requireInt(this, "noncurrentVersionExpirationDays", props.noncurrentVersionExpirationDays ?? 30),
        forceDestroy: !retain,
        credentials,
        encryption,
        kmsKeyArn: props.kmsKeyArn,
        accessLogs: props.accessLogs && {
          bucketName: props.accessLogs.bucketName,
          prefix: requirePrefix(this, "accessLogs.prefix", (props.accessLogs.prefix ?? "s3-access").replace(/\/+$/, "")) + "/",
        },
      });
      this.policyArn = bucket.policyArn;
      this.backend = bucket;
      this.node.defaultChild = bucket.node.defaultChild;
    } else {
      const local = props;
      if (!local.network) {
        throw new SparkConfigError(
          this,
          `mode "local" runs the S3 server in Docker and needs network.`,
          `Pass the stack's docker Network.`,
        );
      }
      const name = containerName(this, local.serverName, "serverName", "-s3");
      claim(this, "container name", `${name}-init`, "serverName (its volume init)");
      const hostIp = hostIpFor(this, local.hostIp);
      const hostPort = local.hostPort ?? S3_PORT;
      claimHostPorts(this, { hostPort });
      const bucketName = requireBucketName(this, local.bucketName ?? uniqueName(this));
      this.network = local.network;
      const server = new LocalS3Server(this, "server", {
        name,
        image: local.serverImage ?? DEFAULT_SEAWEEDFS_IMAGE,
        network: local.network,
        bucketName,
        folders: this.folderList,
        hostIp,
        hostPort,
        retain,
        ...limitsOf(this, local.resources, { memory: Size.gibibytes(1), cpus: 1 }),
      });
      this.backend = server;
      this.node.defaultChild = server.node.defaultChild;
    }
    this.bucketName = this.backend.bucketName;
    this.uri = `s3a://${this.bucketName}`;
    for (const folder of props.folders ?? []) this.addFolder(folder);
  }

  /**
   * Endpoint for tools on the host (local mode), e.g. http://127.0.0.1:8333;
   * once a cluster spanning hosts is granted the bucket, its address.
   */
  public get hostEndpoint(): string | undefined {
    return this.backend instanceof LocalS3Server ? this.backend.endpoint : undefined;
  }

  public get folders(): string[] {
    return [...this.folderList];
  }

  public addFolder(prefix: string): void {
    requirePrefix(this, "folder", prefix);
    if (this.folderList.includes(prefix)) return;
    this.folderList.push(prefix);
    this.backend.addFolder(prefix);
  }

  public grantReadWrite(grantee: IConstruct, network?: IDockerNetwork, address?: string): S3Grant {
    if (this.network && network && network !== this.network) {
      throw new SparkConfigError(
        grantee,
        `runs on another Docker network than the local bucket ${this.node.path}, so it cannot reach the S3 server.`,
        `Put both on one network.`,
      );
    }
    const endpoint = address && this.backend.publishOn ? this.backend.publishOn(address) : this.backend.sparkProperties;
    const local = endpoint["spark.hadoop.fs.s3a.endpoint"];
    return {
      sparkProperties: { ...endpoint, ...MAGIC_COMMITTER },
      // boto3 and the AWS CLI in the image reach the local server where s3a does (AWS needs no endpoint).
      env: [...this.backend.env, ...(local ? [`AWS_ENDPOINT_URL_S3=${local}`] : [])],
      dependsOn: this.backend.dependables(),
    };
  }
}
