import { IamAccessKey } from "@cdktf/provider-aws/lib/iam-access-key";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamUser } from "@cdktf/provider-aws/lib/iam-user";
import { IamUserPolicyAttachment } from "@cdktf/provider-aws/lib/iam-user-policy-attachment";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket as AwsS3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import {
  S3BucketLifecycleConfiguration,
  S3BucketLifecycleConfigurationRule,
} from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA as S3BucketLogging } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA as S3BucketVersioning } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { Annotations, ITerraformDependable, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";

// cdktf-spark's S3Bucket (mode AWS) builds this through require("cdktf-spark-aws/backend"): not part of this
// package's jsii API, so the options are cdktf-spark's enum values as they arrive, plain strings.
const SSE_KMS = "SSE-KMS";
const IAM_USER = "iam-user";

/** What S3Bucket validated and hands over; names and values are cdktf-spark's. */
export interface AwsBucketOptions {
  readonly bucketName?: string;
  readonly versioning: boolean;
  readonly noncurrentVersionExpirationDays: number;
  readonly forceDestroy: boolean;
  /** A BucketCredentials value. */
  readonly credentials: string;
  /** A BucketEncryption value; with SSE-KMS, the given key or a new one. */
  readonly encryption: string;
  readonly kmsKeyArn?: string;
  readonly accessLogs?: { readonly bucketName: string; readonly prefix: string };
}

/** A hardened S3 bucket, the least-privilege s3a policy on it, and where credentials come from. */
export class AwsBucket extends Construct {
  public readonly bucketName: string;
  public readonly policyArn: string;
  public readonly sparkProperties: Readonly<Record<string, string>>;
  public readonly env: readonly string[];
  private readonly bucket: AwsS3Bucket;
  private readonly ready: ITerraformDependable[];

  constructor(scope: Construct, id: string, options: AwsBucketOptions) {
    super(scope, id);
    const bucket = new AwsS3Bucket(this, "bucket", {
      bucket: options.bucketName,
      bucketPrefix: options.bucketName ? undefined : "cdktf-spark-",
      forceDestroy: options.forceDestroy,
    });
    this.bucket = bucket;
    this.node.defaultChild = bucket;
    this.bucketName = bucket.bucket;
    const kmsKeyArn =
      options.encryption === SSE_KMS
        ? (options.kmsKeyArn ??
          new KmsKey(this, "key", {
            description: `cdktf-spark: objects of ${this.node.path}`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
          }).arn)
        : undefined;
    const lifecycle: S3BucketLifecycleConfigurationRule[] = [
      {
        id: "abort-incomplete-multipart-uploads",
        status: "Enabled",
        filter: [{ prefix: "" }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      },
    ];
    if (options.versioning) {
      lifecycle.push({
        id: "expire-noncurrent-versions",
        status: "Enabled",
        filter: [{ prefix: "" }],
        noncurrentVersionExpiration: [{ noncurrentDays: options.noncurrentVersionExpirationDays }],
      });
    }
    this.ready = [
      new S3BucketPublicAccessBlock(this, "public-access-block", {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      }),
      new S3BucketOwnershipControls(this, "ownership", {
        bucket: bucket.id,
        rule: { objectOwnership: "BucketOwnerEnforced" },
      }),
      new S3BucketServerSideEncryptionConfiguration(this, "encryption", {
        bucket: bucket.id,
        rule: [
          {
            applyServerSideEncryptionByDefault: kmsKeyArn
              ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: kmsKeyArn }
              : { sseAlgorithm: "AES256" },
            bucketKeyEnabled: true,
          },
        ],
      }),
      // Nothing reaches the bucket in clear text, whoever holds credentials.
      new S3BucketPolicy(this, "tls-only", {
        bucket: bucket.id,
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "DenyWithoutTLS",
              Effect: "Deny",
              Principal: "*",
              Action: "s3:*",
              Resource: [bucket.arn, `${bucket.arn}/*`],
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
          ],
        }),
      }),
      new S3BucketVersioning(this, "versioning", {
        bucket: bucket.id,
        versioningConfiguration: { status: options.versioning ? "Enabled" : "Suspended" },
      }),
      new S3BucketLifecycleConfiguration(this, "lifecycle", { bucket: bucket.id, rule: lifecycle }),
    ];
    if (options.accessLogs) {
      this.ready.push(
        new S3BucketLogging(this, "access-logs", {
          bucket: bucket.id,
          targetBucket: options.accessLogs.bucketName,
          targetPrefix: options.accessLogs.prefix,
        }),
      );
    }

    const policy = new IamPolicy(this, "s3a-policy", {
      namePrefix: "cdktf-spark-s3a-",
      description: "What Spark's s3a connector needs on one bucket, nothing more",
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
            Resource: [bucket.arn],
          },
          {
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
            Resource: [`${bucket.arn}/*`],
          },
          // With SSE-KMS, reading and writing objects needs the key too, and nothing else of KMS.
          ...(kmsKeyArn ? [{ Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [kmsKeyArn] }] : []),
        ],
      }),
    });
    this.policyArn = policy.arn;
    this.sparkProperties = {
      "spark.hadoop.fs.s3a.endpoint.region": bucket.region,
      "spark.hadoop.fs.s3a.path.style.access": "false",
      "spark.hadoop.fs.s3a.connection.ssl.enabled": "true",
    };

    if (options.credentials === IAM_USER) {
      Annotations.of(this).addWarning(
        `${this.node.path}: credentials "iam-user" creates a long-lived access key whose secret is stored in Terraform state and in the containers' environment. Prefer "environment" with short-lived credentials.`,
      );
      const user = new IamUser(this, "user", { name: `${bucket.bucket}-s3a`, forceDestroy: true });
      new IamUserPolicyAttachment(this, "user-policy", { user: user.name, policyArn: policy.arn });
      const key = new IamAccessKey(this, "key", { user: user.name });
      this.env = [`AWS_ACCESS_KEY_ID=${key.id}`, `AWS_SECRET_ACCESS_KEY=${key.secret}`, ...regionEnv(bucket.region)];
    } else {
      this.env = [...deployerCredentials(TerraformStack.of(this)), ...regionEnv(bucket.region)];
    }
  }

  public dependables(): ITerraformDependable[] {
    return [...this.ready];
  }

  /** s3a sees a "prefix/" object as a directory (e.g. an event log dir that must exist). */
  public addFolder(prefix: string): void {
    this.ready.push(new S3Object(this, `folder-${prefix.replace(/\//g, "-")}`, { bucket: this.bucket.id, key: `${prefix}/`, content: "" }));
  }
}

/** The bucket's region for the Java SDK (AWS_REGION) and for boto3 and the AWS CLI (AWS_DEFAULT_REGION). */
export function regionEnv(region: string): string[] {
  return [`AWS_REGION=${region}`, `AWS_DEFAULT_REGION=${region}`];
}

/**
 * The deployer's own (ideally short-lived) credentials, passed as
 * TF_VAR_spark_s3_* variables: never written to cdktf.out or an image. One
 * set per stack, whatever the number of AWS buckets in it.
 */
function deployerCredentials(stack: TerraformStack): string[] {
  const variable = (name: string, description: string, optional = false) => {
    const existing = stack.node.tryFindChild(name) as TerraformVariable | undefined;
    if (existing) return existing.stringValue;
    const v = new TerraformVariable(stack, name, {
      type: "string",
      sensitive: true,
      nullable: false,
      description,
      default: optional ? "" : undefined,
    });
    v.overrideLogicalId(name);
    return v.stringValue;
  };
  return [
    `AWS_ACCESS_KEY_ID=${variable("spark_s3_access_key_id", "AWS access key id Spark uses for the stack's buckets")}`,
    `AWS_SECRET_ACCESS_KEY=${variable("spark_s3_secret_access_key", "AWS secret access key Spark uses for the stack's buckets")}`,
    `AWS_SESSION_TOKEN=${variable("spark_s3_session_token", "AWS session token, for short-lived credentials", true)}`,
  ];
}
