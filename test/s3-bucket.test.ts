import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "../lib";
import { envOf, resource, resources, synth, testStack } from "./helpers";

function awsBucket(props: ConstructorParameters<typeof S3Bucket>[2] = {}) {
  const { stack } = testStack();
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const bucket = new S3Bucket(stack, "bucket", { mode: "aws", ...props });
  return { stack, bucket, json: synth(stack) };
}

describe("S3Bucket, local mode (default)", () => {
  test("runs SeaweedFS on a retained volume, S3 port on loopback, and hands over s3a settings", () => {
    const { stack, network } = testStack();
    const bucket = new S3Bucket(stack, "bucket", { network });
    const json = synth(stack);
    const c = resource(json, "docker_container", "bucket/server/container");
    expect(c.image).toBe("chrislusf/seaweedfs:4.48");
    expect(c.ports).toEqual([{ internal: 8333, external: 8333, ip: "127.0.0.1" }]);
    expect(c.volumes).toEqual([{ volume_name: "test-s3-data", container_path: "/data" }]);
    expect(resources(json, "docker_volume")).toEqual([]);
    expect(bucket.bucketName).toBe("test-data");
    expect(bucket.uri).toBe("s3a://test-data");
    expect(bucket.hostEndpoint).toBe("http://127.0.0.1:8333");
    expect(bucket.sparkProperties).toEqual({
      "spark.hadoop.fs.s3a.endpoint": "http://test-s3:8333",
      "spark.hadoop.fs.s3a.endpoint.region": "us-east-1",
      "spark.hadoop.fs.s3a.path.style.access": "true",
      "spark.hadoop.fs.s3a.connection.ssl.enabled": "false",
    });
  });

  test("generates credentials, and gives the server and Spark the same ones", () => {
    const { stack, network } = testStack();
    const bucket = new S3Bucket(stack, "bucket", { network });
    const json = synth(stack);
    const c = resource(json, "docker_container", "bucket/server/container");
    const identity = JSON.parse(c.upload[0].content).identities[0];
    expect(identity.credentials[0].accessKey).toMatch(/random_password\.bucket_server_access-key-id/);
    expect(identity.credentials[0].secretKey).toMatch(/random_password\.bucket_server_secret-access-key/);
    const env = envOf(resource(json, "docker_container", "bucket/server/container"));
    expect(env).toEqual({});
    expect(bucket.env).toHaveLength(3);
    expect(resources(json, "random_password")).toHaveLength(2);
  });

  test("creates the bucket and its folders before reporting healthy", () => {
    const { stack, network } = testStack();
    new S3Bucket(stack, "bucket", { network, bucketName: "lake", folders: ["spark-events", "raw/in"] });
    const c = resource(synth(stack), "docker_container", "bucket/server/container");
    expect(c.command[0]).toContain("s3.bucket.create -name lake");
    expect(c.command[0]).toContain("fs.mkdir /buckets/lake/spark-events");
    expect(c.command[0]).toContain("fs.mkdir /buckets/lake/raw/in");
    expect(c.wait).toBe(true);
  });

  test("takes another server image (mirror or local build)", () => {
    const { stack, network } = testStack();
    new S3Bucket(stack, "bucket", { network, serverImage: "local/seaweedfs:4.48" });
    expect(resource(synth(stack), "docker_container", "bucket/server/container").image).toBe("local/seaweedfs:4.48");
  });
});

describe("S3Bucket, aws mode", () => {
  test("creates a hardened bucket that destroy does not empty", () => {
    const { json } = awsBucket({ bucketName: "team-lake" });
    expect(resource(json, "aws_s3_bucket", "bucket/aws/bucket")).toMatchObject({ bucket: "team-lake", force_destroy: false });
    expect(resource(json, "aws_s3_bucket_public_access_block", "bucket/aws/public-access-block")).toMatchObject({
      block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
    });
    expect(resource(json, "aws_s3_bucket_ownership_controls", "bucket/aws/ownership").rule.object_ownership).toBe("BucketOwnerEnforced");
    expect(resource(json, "aws_s3_bucket_server_side_encryption_configuration", "bucket/aws/encryption").rule[0]
      .apply_server_side_encryption_by_default.sse_algorithm).toBe("AES256");
    expect(resource(json, "aws_s3_bucket_lifecycle_configuration", "bucket/aws/lifecycle").rule[0]
      .abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 7 }]);
    expect(resource(json, "aws_s3_bucket_versioning", "bucket/aws/versioning").versioning_configuration.status).toBe("Suspended");
  });

  test("turns versioning on when asked", () => {
    const { json } = awsBucket({ versioning: true });
    expect(resource(json, "aws_s3_bucket_versioning", "bucket/aws/versioning").versioning_configuration.status).toBe("Enabled");
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
    const { json, bucket } = awsBucket();
    expect(resources(json, "aws_iam_user")).toEqual([]);
    expect(resources(json, "aws_iam_access_key")).toEqual([]);
    for (const name of ["spark_s3_access_key_id", "spark_s3_secret_access_key", "spark_s3_session_token"]) {
      expect(json.variable[name]).toMatchObject({ sensitive: true, type: "string" });
    }
    expect(bucket.env.map((e) => e.split("=")[0])).toEqual([
      "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION",
    ]);
  });

  test("creates an IAM user key only when asked, attached to the bucket policy, with a warning", () => {
    const { json, stack } = awsBucket({ credentials: "iam-user" });
    expect(resources(json, "aws_iam_access_key")).toHaveLength(1);
    expect(resource(json, "aws_iam_user_policy_attachment", "bucket/aws/user-policy").policy_arn)
      .toMatch(/aws_iam_policy\.bucket_aws_s3a-policy_\w+\.arn/);
    const warnings = stack.node.findAll().flatMap((c) => c.node.metadata).filter((m) => m.type === "@cdktf/warn");
    expect(warnings.map((w) => w.data)).toEqual([expect.stringContaining("Terraform state")]);
  });

  test("creates folders as s3a directory markers", () => {
    const { json } = awsBucket({ folders: ["spark-events"] });
    expect(resource(json, "aws_s3_object", "bucket/aws/folder-0")).toMatchObject({ key: "spark-events/", content: "" });
  });

  test("gives s3a the bucket's region over TLS, without a local endpoint", () => {
    const { bucket } = awsBucket();
    expect(bucket.sparkProperties["spark.hadoop.fs.s3a.endpoint"]).toBeUndefined();
    expect(bucket.sparkProperties["spark.hadoop.fs.s3a.connection.ssl.enabled"]).toBe("true");
    expect(envOf({ env: bucket.env }).AWS_REGION).toBeDefined();
  });
});
