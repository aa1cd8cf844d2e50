import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Network } from "@cdktf/provider-docker/lib/network";
import { TerraformOutput, TerraformVariable } from "cdktf";
import { BucketCredentials, BucketEncryption, BucketMode, S3Bucket, S3BucketOptions } from "../lib";
import { envOf, resolved, resource, resources, synth, testStack } from "./helpers";

function awsBucket(props: S3BucketOptions = {}) {
  const { stack } = testStack();
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const bucket = new S3Bucket(stack, "bucket", { mode: BucketMode.AWS, ...props });
  return { stack, bucket, json: synth(stack) };
}

describe("S3Bucket, local mode (default)", () => {
  test("runs SeaweedFS on a retained volume, S3 port on loopback, and grants s3a settings", () => {
    const { stack, network } = testStack();
    const bucket = new S3Bucket(stack, "bucket", { network });
    const json = synth(stack);
    const c = resource(json, "docker_container", "bucket/server/container");
    expect(c.name).toBe("test-bucket-s3");
    expect(c.image).toBe("chrislusf/seaweedfs:4.48");
    expect(c.ports).toEqual([{ internal: 8333, external: 8333, ip: "127.0.0.1" }]);
    expect(c.volumes).toEqual([{ volume_name: "test-bucket-s3-data", container_path: "/data" }]);
    expect(resources(json, "docker_volume")).toEqual([]);
    expect(bucket.bucketName).toBe("test-bucket");
    expect(bucket.uri).toBe("s3a://test-bucket");
    expect(bucket.hostEndpoint).toBe("http://127.0.0.1:8333");
    expect(bucket.grantReadWrite(stack, network).sparkProperties).toMatchObject({
      "spark.hadoop.fs.s3a.endpoint": "http://test-bucket-s3:8333",
      "spark.hadoop.fs.s3a.endpoint.region": "us-east-1",
      "spark.hadoop.fs.s3a.path.style.access": "true",
      "spark.hadoop.fs.s3a.connection.ssl.enabled": "false",
    });
  });

  test("generates credentials, and gives the server and grantees the same ones", () => {
    const { stack, network } = testStack();
    const bucket = new S3Bucket(stack, "bucket", { network });
    const json = synth(stack);
    const c = resource(json, "docker_container", "bucket/server/container");
    const identity = JSON.parse(c.upload[0].content).identities[0];
    expect(identity.credentials[0].accessKey).toMatch(/random_password\.bucket_server_access-key-id/);
    expect(identity.credentials[0].secretKey).toMatch(/random_password\.bucket_server_secret-access-key/);
    expect(envOf(c)).toEqual({ HOME: "/tmp" });
    const env = envOf({ env: resolved(stack, bucket.grantReadWrite(stack, network).env) });
    expect(env.AWS_ACCESS_KEY_ID).toMatch(/random_password\.bucket_server_access-key-id/);
    expect(env.AWS_SECRET_ACCESS_KEY).toMatch(/random_password\.bucket_server_secret-access-key/);
  });

  test("points boto3 and the AWS CLI of every grantee at the endpoint s3a uses, with the same credentials and region", () => {
    const { stack, network } = testStack();
    const bucket = new S3Bucket(stack, "bucket", { network });
    const env = envOf({ env: resolved(stack, bucket.grantReadWrite(stack, network).env) });
    expect(env).toMatchObject({
      AWS_ENDPOINT_URL_S3: "http://test-bucket-s3:8333",
      AWS_REGION: "us-east-1",
      AWS_DEFAULT_REGION: "us-east-1",
    });
    // Across hosts, where s3a reaches the server at the master's address.
    const across = envOf({ env: resolved(stack, bucket.grantReadWrite(stack, network, "10.0.0.11").env) });
    expect(across.AWS_ENDPOINT_URL_S3).toBe("http://10.0.0.11:8333");
  });

  test("creates the bucket and its folders, also those added later, before reporting healthy", () => {
    const { stack, network } = testStack();
    const bucket = new S3Bucket(stack, "bucket", { network, bucketName: "lake", folders: ["spark-events", "raw/in"] });
    bucket.addFolder("curated");
    bucket.addFolder("raw/in");
    const c = resource(synth(stack), "docker_container", "bucket/server/container");
    expect(c.command[0]).toContain("s3.bucket.create -name lake");
    expect(c.command[0]).toContain("fs.mkdir /buckets/lake/spark-events");
    expect(c.command[0]).toContain("fs.mkdir /buckets/lake/raw/in");
    expect(c.command[0]).toContain("fs.mkdir /buckets/lake/curated");
    expect(bucket.folders).toEqual(["spark-events", "raw/in", "curated"]);
    expect(c.wait).toBe(true);
  });

  test("takes another server image (mirror or local build)", () => {
    const { stack, network } = testStack();
    new S3Bucket(stack, "bucket", { network, serverImage: "local/seaweedfs:4.48" });
    expect(resource(synth(stack), "docker_container", "bucket/server/container").image).toBe("local/seaweedfs:4.48");
  });

  test("refuses a grantee on another network, which could not reach the server", () => {
    const { stack, network } = testStack();
    const bucket = new S3Bucket(stack, "bucket", { network });
    const other = new Network(stack, "other", { name: "other" });
    expect(() => bucket.grantReadWrite(other, other)).toThrow(
      /"test\/other": runs on another Docker network than the local bucket test\/bucket.*Put both on one network/,
    );
  });

  test("two local buckets in one stack get their own server, volume and port", () => {
    const { stack, network } = testStack();
    new S3Bucket(stack, "raw", { network });
    new S3Bucket(stack, "curated", { network, hostPort: 8334 });
    const servers = resources(synth(stack), "docker_container").filter((c) => !c.name.endsWith("-init"));
    expect(servers.map((c) => [c.name, c.volumes[0].volume_name, c.ports[0].external])).toEqual([
      ["test-curated-s3", "test-curated-s3-data", 8334],
      ["test-raw-s3", "test-raw-s3-data", 8333],
    ]);
  });
});

describe("S3Bucket, both modes", () => {
  test("commit s3a writes with the S3A magic committer through Spark's cloud commit protocol", () => {
    const { stack, network } = testStack();
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    for (const bucket of [new S3Bucket(stack, "local", { network }), new S3Bucket(stack, "remote", { mode: BucketMode.AWS })]) {
      expect(bucket.grantReadWrite(stack, network).sparkProperties).toMatchObject({
        "spark.hadoop.fs.s3a.committer.name": "magic",
        "spark.hadoop.fs.s3a.committer.magic.enabled": "true",
        "spark.hadoop.mapreduce.outputcommitter.factory.scheme.s3a": "org.apache.hadoop.fs.s3a.commit.S3ACommitterFactory",
        "spark.sql.sources.commitProtocolClass": "org.apache.spark.internal.io.cloud.PathOutputCommitProtocol",
        "spark.sql.parquet.output.committer.class": "org.apache.spark.internal.io.cloud.BindingParquetOutputCommitter",
      });
    }
  });
});

describe("S3Bucket, aws mode", () => {
  test("takes the stack's default AwsProvider, and without one synth names the provider to declare (README)", () => {
    const { json } = awsBucket();
    expect(json.provider.aws).toEqual([{ region: "eu-west-1" }]);
    const aws = Object.entries(json.resource).filter(([type]) => type.startsWith("aws_"));
    expect(aws.length).toBeGreaterThan(5);
    for (const [, byId] of aws) for (const r of Object.values(byId as Record<string, any>)) expect(r.provider).toBeUndefined();

    const { stack } = testStack();
    new S3Bucket(stack, "bucket", { mode: BucketMode.AWS });
    expect(() => synth(stack)).toThrow(/Found resources without a matching provider construct.*for the following providers: aws/);
  });

  test("creates a hardened bucket that destroy does not empty", () => {
    const { json } = awsBucket({ bucketName: "team-lake" });
    expect(resource(json, "aws_s3_bucket", "bucket/aws/bucket")).toMatchObject({ bucket: "team-lake", force_destroy: false });
    expect(resource(json, "aws_s3_bucket_public_access_block", "bucket/aws/public-access-block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resource(json, "aws_s3_bucket_ownership_controls", "bucket/aws/ownership").rule.object_ownership).toBe("BucketOwnerEnforced");
    expect(
      resource(json, "aws_s3_bucket_server_side_encryption_configuration", "bucket/aws/encryption").rule[0]
        .apply_server_side_encryption_by_default.sse_algorithm,
    ).toBe("AES256");
    expect(
      resource(json, "aws_s3_bucket_lifecycle_configuration", "bucket/aws/lifecycle").rule[0].abort_incomplete_multipart_upload,
    ).toEqual([{ days_after_initiation: 7 }]);
    expect(resource(json, "aws_s3_bucket_versioning", "bucket/aws/versioning").versioning_configuration.status).toBe("Suspended");
  });

  test("turns versioning on when asked, expiring replaced versions after 30 days or as told", () => {
    const { json } = awsBucket({ versioning: true });
    expect(resource(json, "aws_s3_bucket_versioning", "bucket/aws/versioning").versioning_configuration.status).toBe("Enabled");
    expect(resource(json, "aws_s3_bucket_lifecycle_configuration", "bucket/aws/lifecycle").rule[1]).toMatchObject({
      id: "expire-noncurrent-versions",
      status: "Enabled",
      noncurrent_version_expiration: [{ noncurrent_days: 30 }],
    });
    const seven = awsBucket({ versioning: true, noncurrentVersionExpirationDays: 7 }).json;
    expect(resource(seven, "aws_s3_bucket_lifecycle_configuration", "bucket/aws/lifecycle").rule[1].noncurrent_version_expiration).toEqual([
      { noncurrent_days: 7 },
    ]);
  });

  test("honours a bucket name and a version expiry from Terraform variables at deploy", () => {
    const { stack } = testStack();
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const name = new TerraformVariable(stack, "bucket_name", { type: "string" });
    const days = new TerraformVariable(stack, "days", { type: "number" });
    const bucket = new S3Bucket(stack, "bucket", {
      mode: BucketMode.AWS,
      bucketName: name.stringValue,
      versioning: true,
      noncurrentVersionExpirationDays: days.numberValue,
    });
    new TerraformOutput(stack, "uri", { value: bucket.uri });
    const json = synth(stack);
    expect(resource(json, "aws_s3_bucket", "bucket/aws/bucket").bucket).toBe("${var.bucket_name}");
    expect(resource(json, "aws_s3_bucket_lifecycle_configuration", "bucket/aws/lifecycle").rule[1].noncurrent_version_expiration).toEqual([
      { noncurrent_days: "${var.days}" },
    ]);
    expect(json.output.uri.value).toMatch(/^s3a:\/\/\$\{aws_s3_bucket\.bucket_aws_bucket_[0-9A-F]+\.bucket\}$/);
  });

  test("denies every request that does not use TLS", () => {
    const { json } = awsBucket();
    const policy = JSON.parse(resource(json, "aws_s3_bucket_policy", "bucket/aws/tls-only").policy);
    expect(policy.Statement).toEqual([
      {
        Sid: "DenyWithoutTLS",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [expect.stringMatching(/\.arn\}$/), expect.stringMatching(/\.arn\}\/\*$/)],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
  });

  test("encrypts with a rotating KMS key and a bucket key when asked, and lets s3a use that key only", () => {
    const { json } = awsBucket({ encryption: BucketEncryption.SSE_KMS });
    expect(resource(json, "aws_kms_key", "bucket/aws/key")).toMatchObject({ enable_key_rotation: true });
    const rule = resource(json, "aws_s3_bucket_server_side_encryption_configuration", "bucket/aws/encryption").rule[0];
    expect(rule).toEqual({
      bucket_key_enabled: true,
      apply_server_side_encryption_by_default: {
        sse_algorithm: "aws:kms",
        kms_master_key_id: expect.stringMatching(/aws_kms_key\.bucket_aws_key_\w+\.arn/),
      },
    });
    const policy = JSON.parse(resource(json, "aws_iam_policy", "bucket/aws/s3a-policy").policy);
    expect(policy.Statement[2]).toEqual({
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: [expect.stringMatching(/aws_kms_key/)],
    });
    const given = awsBucket({ encryption: BucketEncryption.SSE_KMS, kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/abc" }).json;
    expect(resources(given, "aws_kms_key")).toEqual([]);
  });

  test("sends server access logs to another bucket when asked", () => {
    const { json } = awsBucket({ accessLogs: { bucketName: "team-logs" } });
    expect(resource(json, "aws_s3_bucket_logging", "bucket/aws/access-logs")).toMatchObject({
      target_bucket: "team-logs",
      target_prefix: "s3-access/",
    });
  });

  test("grants s3a exactly what it needs on this bucket only", () => {
    const { json } = awsBucket();
    const policy = JSON.parse(resource(json, "aws_iam_policy", "bucket/aws/s3a-policy").policy);
    expect(policy.Statement).toEqual([
      {
        Effect: "Allow",
        Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
        Resource: [expect.stringMatching(/^\$\{aws_s3_bucket\.bucket_aws_bucket_\w+\.arn\}$/)],
      },
      {
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
        Resource: [expect.stringMatching(/^\$\{aws_s3_bucket\.bucket_aws_bucket_\w+\.arn\}\/\*$/)],
      },
    ]);
  });

  test("by default uses the deployer's own credentials through sensitive variables, no IAM user", () => {
    const { json, bucket, stack } = awsBucket();
    expect(resources(json, "aws_iam_user")).toEqual([]);
    expect(resources(json, "aws_iam_access_key")).toEqual([]);
    for (const name of ["spark_s3_access_key_id", "spark_s3_secret_access_key", "spark_s3_session_token"]) {
      expect(json.variable[name]).toMatchObject({ sensitive: true, type: "string" });
    }
    expect(bucket.grantReadWrite(stack).env.map((e) => e.split("=")[0])).toEqual([
      "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN",
      "AWS_REGION",
      "AWS_DEFAULT_REGION",
    ]);
  });

  test("two AWS buckets in one stack share the deployer's credential variables and nothing else", () => {
    const { stack } = testStack();
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const a = new S3Bucket(stack, "raw", { mode: BucketMode.AWS });
    const b = new S3Bucket(stack, "curated", { mode: BucketMode.AWS });
    const json = synth(stack);
    expect(Object.keys(json.variable).sort()).toEqual(["spark_s3_access_key_id", "spark_s3_secret_access_key", "spark_s3_session_token"]);
    expect(resources(json, "aws_s3_bucket")).toHaveLength(2);
    expect(resources(json, "aws_iam_policy")).toHaveLength(2);
    expect(a.bucketName).not.toBe(b.bucketName);
  });

  test("creates an IAM user key only when asked, attached to the bucket policy, with a warning", () => {
    const { json, stack } = awsBucket({ credentials: BucketCredentials.IAM_USER });
    expect(resources(json, "aws_iam_access_key")).toHaveLength(1);
    expect(resource(json, "aws_iam_user_policy_attachment", "bucket/aws/user-policy").policy_arn).toMatch(
      /aws_iam_policy\.bucket_aws_s3a-policy_\w+\.arn/,
    );
    const warnings = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata)
      .filter((m) => m.type === "@cdktf/warn");
    expect(warnings.map((w) => w.data)).toEqual([expect.stringContaining("Terraform state")]);
  });

  test("creates folders as s3a directory markers that grantees wait for", () => {
    const { json, bucket, stack } = awsBucket({ folders: ["spark-events"] });
    expect(resource(json, "aws_s3_object", "bucket/aws/folder-spark-events")).toMatchObject({ key: "spark-events/", content: "" });
    expect(
      resolved(
        stack,
        bucket.grantReadWrite(stack).dependsOn.map((d) => d.fqn),
      ),
    ).toContainEqual(expect.stringMatching(/^\$\{aws_s3_object\.bucket_aws_folder-spark-events_\w+\}$/));
  });

  test("gives s3a the bucket's region over TLS, without a local endpoint", () => {
    const { bucket, stack } = awsBucket();
    const props = resolved(stack, bucket.grantReadWrite(stack).sparkProperties);
    expect(props["spark.hadoop.fs.s3a.endpoint"]).toBeUndefined();
    expect(props["spark.hadoop.fs.s3a.connection.ssl.enabled"]).toBe("true");
    expect(props["spark.hadoop.fs.s3a.endpoint.region"]).toMatch(/aws_s3_bucket\.bucket_aws_bucket_\w+\.region/);
  });
});
