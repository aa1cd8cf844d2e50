"""The AWS half of an AWS-mode stack, played against an IAM-enforcing emulator (moto server).

The Terraform AWS provider cannot be built here, so this does its part: every
aws_* resource of the synthesized cdk.tf.json is created in the emulator with
the arguments the stack gives it (policy documents verbatim, once Terraform's
references to other resources are replaced by what the emulator returned), and
the rest of the stack (Docker, random) is written out for Terraform with those
references filled in. A resource type it does not know fails the run, so the
e2e keeps up with what the library synthesizes.

  emulate.py apply ENDPOINT STACK_JSON OUT_DIR   creates, writes OUT_DIR/cdk.tf.json and OUT_DIR/emulated.json,
                                                 then turns IAM enforcement on: every later request is checked
  emulate.py probe ENDPOINT OUT_DIR PREFIX       what the stack's credentials may do, as JSON on stdout
"""
import json
import re
import secrets
import shutil
import string
import sys
from pathlib import Path

import boto3
import requests
from botocore.exceptions import ClientError

REGION = "us-east-1"
REFERENCE = re.compile(r"\$\{(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}")
# The stack's credentials variables (mode "aws", credentials "environment").
ACCESS_KEY_VARIABLE, SECRET_KEY_VARIABLE = "spark_s3_access_key_id", "spark_s3_secret_access_key"


def clients(endpoint, key="admin", secret="admin"):
    kw = dict(endpoint_url=endpoint, region_name=REGION, aws_access_key_id=key, aws_secret_access_key=secret)
    return {name: boto3.client(name, **kw) for name in ("s3", "iam", "kms")}


def unique(prefix):
    """Terraform's name_prefix/bucket_prefix: the prefix and 26 more characters."""
    return prefix + "".join(secrets.choice(string.digits + string.ascii_lowercase) for _ in range(26))


def lifecycle_rule(rule):
    """Terraform's nested blocks (lists of one) to the S3 API's rule."""
    out = {"ID": rule["id"], "Status": rule["status"], "Filter": {"Prefix": rule["filter"][0].get("prefix", "")}}
    if "abort_incomplete_multipart_upload" in rule:
        out["AbortIncompleteMultipartUpload"] = {"DaysAfterInitiation": rule["abort_incomplete_multipart_upload"][0]["days_after_initiation"]}
    if "noncurrent_version_expiration" in rule:
        out["NoncurrentVersionExpiration"] = {"NoncurrentDays": rule["noncurrent_version_expiration"][0]["noncurrent_days"]}
    return out


def create(api, kind, args):
    """Creates one resource; returns the attributes other resources refer to."""
    s3, iam, kms = api["s3"], api["iam"], api["kms"]
    if kind == "aws_s3_bucket":
        name = args.get("bucket") or unique(args["bucket_prefix"])
        s3.create_bucket(Bucket=name)
        return {"id": name, "bucket": name, "arn": f"arn:aws:s3:::{name}", "region": REGION}
    if kind == "aws_kms_key":
        key = kms.create_key(Description=args.get("description", ""), **({"Policy": args["policy"]} if "policy" in args else {}))["KeyMetadata"]
        if args.get("enable_key_rotation"):
            kms.enable_key_rotation(KeyId=key["KeyId"])
        return {"id": key["KeyId"], "key_id": key["KeyId"], "arn": key["Arn"]}
    if kind == "aws_s3_bucket_public_access_block":
        s3.put_public_access_block(Bucket=args["bucket"], PublicAccessBlockConfiguration={
            "BlockPublicAcls": args["block_public_acls"], "IgnorePublicAcls": args["ignore_public_acls"],
            "BlockPublicPolicy": args["block_public_policy"], "RestrictPublicBuckets": args["restrict_public_buckets"]})
    elif kind == "aws_s3_bucket_ownership_controls":
        s3.put_bucket_ownership_controls(Bucket=args["bucket"], OwnershipControls={"Rules": [{"ObjectOwnership": args["rule"]["object_ownership"]}]})
    elif kind == "aws_s3_bucket_server_side_encryption_configuration":
        rules = []
        for rule in args["rule"]:
            default = rule["apply_server_side_encryption_by_default"]
            by_default = {"SSEAlgorithm": default["sse_algorithm"], **({"KMSMasterKeyID": default["kms_master_key_id"]} if "kms_master_key_id" in default else {})}
            rules.append({"ApplyServerSideEncryptionByDefault": by_default, "BucketKeyEnabled": rule.get("bucket_key_enabled", False)})
        s3.put_bucket_encryption(Bucket=args["bucket"], ServerSideEncryptionConfiguration={"Rules": rules})
    elif kind == "aws_s3_bucket_policy":
        s3.put_bucket_policy(Bucket=args["bucket"], Policy=args["policy"])
    elif kind == "aws_s3_bucket_versioning":
        s3.put_bucket_versioning(Bucket=args["bucket"], VersioningConfiguration={"Status": args["versioning_configuration"]["status"]})
    elif kind == "aws_s3_bucket_lifecycle_configuration":
        s3.put_bucket_lifecycle_configuration(Bucket=args["bucket"], LifecycleConfiguration={"Rules": [lifecycle_rule(r) for r in args["rule"]]})
    elif kind == "aws_s3_object":
        s3.put_object(Bucket=args["bucket"], Key=args["key"], Body=args.get("content", "").encode())
    elif kind == "aws_iam_policy":
        name = args.get("name") or unique(args["name_prefix"])
        policy = iam.create_policy(PolicyName=name, Description=args.get("description", ""), PolicyDocument=args["policy"])["Policy"]
        return {"id": policy["Arn"], "arn": policy["Arn"], "name": name, "policy": args["policy"]}
    elif kind == "aws_iam_user":
        user = iam.create_user(UserName=args["name"])["User"]
        return {"id": user["UserName"], "name": user["UserName"], "arn": user["Arn"]}
    elif kind == "aws_iam_user_policy_attachment":
        iam.attach_user_policy(UserName=args["user"], PolicyArn=args["policy_arn"])
    elif kind == "aws_iam_access_key":
        key = iam.create_access_key(UserName=args["user"])["AccessKey"]
        return {"id": key["AccessKeyId"], "secret": key["SecretAccessKey"]}
    else:
        sys.exit(f"emulate.py: {kind} is synthesized by the stack but not emulated here: add it")
    return {"id": args.get("bucket", "")}


def attempt(call):
    """"allowed", or the error code the emulator answered with."""
    try:
        call()
        return "allowed"
    except ClientError as e:
        return e.response["Error"]["Code"]


def resolve(value, created):
    """Replaces ${aws_x.name.attr} with what the emulator returned; None while one is not created yet."""
    text = json.dumps(value)
    missing = [m for m in REFERENCE.finditer(text) if f"{m[1]}.{m[2]}" not in created]
    if missing:
        return None
    text = REFERENCE.sub(lambda m: json.dumps(created[f"{m[1]}.{m[2]}"][m[3]])[1:-1], text)
    return json.loads(text)


def apply(endpoint, stack_json, out_dir):
    stack = json.loads(Path(stack_json).read_text())
    api = clients(endpoint)
    pending = {f"{kind}.{name}": (kind, {k: v for k, v in args.items() if k != "//"})
               for kind, resources in stack["resource"].items() if kind.startswith("aws_") for name, args in resources.items()}
    created, order = {}, []
    while pending:
        ready = [(address, kind, resolved) for address, (kind, args) in pending.items() if (resolved := resolve(args, created)) is not None]
        if not ready:
            sys.exit(f"emulate.py: references that never resolve among {sorted(pending)}")
        for address, kind, args in ready:
            created[address] = create(api, kind, args)
            order.append(address)
            del pending[address]

    # The rest of the stack, for Terraform: no AWS provider, references filled in, state kept here.
    docker = resolve({k: v for k, v in stack["resource"].items() if not k.startswith("aws_")}, created)
    for resources in docker.values():
        for args in resources.values():
            if "depends_on" in args:
                args["depends_on"] = [d for d in args["depends_on"] if not d.startswith("aws_")] or None
                if args["depends_on"] is None:
                    del args["depends_on"]
    rest = {**resolve({k: v for k, v in stack.items() if k != "resource"}, created), "resource": docker}
    rest["provider"] = {k: v for k, v in rest["provider"].items() if k != "aws"}
    rest["terraform"]["required_providers"].pop("aws", None)
    rest["terraform"]["backend"] = {"local": {"path": "terraform.tfstate"}}
    text = json.dumps(rest, indent=2)
    if "${aws_" in text or "${data.aws_" in text:
        sys.exit("emulate.py: an AWS reference is left in the Docker half of the stack")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "cdk.tf.json").write_text(text)
    # Build contexts are relative to the stack's directory: the Docker half takes the stack's assets along.
    assets = Path(stack_json).parent / "assets"
    if assets.is_dir():
        shutil.copytree(assets, out / "assets", dirs_exist_ok=True)

    bucket = next(v for a, v in created.items() if a.startswith("aws_s3_bucket."))
    policy = next(v for a, v in created.items() if a.startswith("aws_iam_policy."))
    key = next((v for a, v in created.items() if a.startswith("aws_kms_key.")), None)
    summary = {"created": order, "bucket": bucket["bucket"], "policyArn": policy["arn"], "policy": json.loads(policy["policy"]),
               "kmsKeyArn": key and key["arn"]}
    # The TLS-only bucket policy, as the emulator reads it: it applies bucket policies to object requests but
    # cannot evaluate aws:SecureTransport (it takes the Bool condition as met), so it refuses them with or
    # without TLS. Recorded, then removed: the job below proves the IAM policy, not the TLS rule.
    if any(a.startswith("aws_s3_bucket_policy.") for a in created):
        s3 = api["s3"]
        summary["tlsOnlyPolicy"] = {
            "putOverHttp": attempt(lambda: s3.put_object(Bucket=bucket["bucket"], Key="tls-probe", Body=b"x")),
            "getOverHttp": attempt(lambda: s3.get_object(Bucket=bucket["bucket"], Key="tls-probe")),
        }
        s3.delete_bucket_policy(Bucket=bucket["bucket"])
    # Credentials "environment": the deployer's own identity, which the README says to give the stack's policy.
    if ACCESS_KEY_VARIABLE in stack.get("variable", {}):
        api["iam"].create_user(UserName="e2e-deployer")
        api["iam"].attach_user_policy(UserName="e2e-deployer", PolicyArn=policy["arn"])
        k = api["iam"].create_access_key(UserName="e2e-deployer")["AccessKey"]
        summary["credentials"] = {"accessKeyId": k["AccessKeyId"], "secretAccessKey": k["SecretAccessKey"]}
    else:
        k = next(v for a, v in created.items() if a.startswith("aws_iam_access_key."))
        summary["credentials"] = {"accessKeyId": k["id"], "secretAccessKey": k["secret"]}
    # Someone else's bucket in the same account, with an object in it.
    other = unique("e2e-other-")
    api["s3"].create_bucket(Bucket=other)
    api["s3"].put_object(Bucket=other, Key="theirs/data.csv", Body=b"id\n1\n")
    summary["otherBucket"] = other
    (out / "emulated.json").write_text(json.dumps(summary, indent=2))
    response = requests.post(f"{endpoint}/moto-api/reset-auth", data=b"0", timeout=10)
    response.raise_for_status()
    print(json.dumps({"created": order, "bucket": bucket["bucket"]}))


def probe(endpoint, out_dir, prefix):
    """Each operation with the stack's credentials: "allowed" or the error code."""
    summary = json.loads((Path(out_dir) / "emulated.json").read_text())
    creds = summary["credentials"]
    api = clients(endpoint, creds["accessKeyId"], creds["secretAccessKey"])
    s3, mine, other = api["s3"], summary["bucket"], summary["otherBucket"]

    listed = s3.list_objects_v2(Bucket=mine, Prefix=prefix)
    parquet = next((o["Key"] for o in listed.get("Contents", []) if o["Key"].endswith(".parquet")), None)
    head = s3.head_object(Bucket=mine, Key=parquet) if parquet else {}
    result = {
        "other": {
            "list": attempt(lambda: s3.list_objects_v2(Bucket=other)),
            "get": attempt(lambda: s3.get_object(Bucket=other, Key="theirs/data.csv")),
            "put": attempt(lambda: s3.put_object(Bucket=other, Key="theirs/planted.csv", Body=b"x")),
            "delete": attempt(lambda: s3.delete_object(Bucket=other, Key="theirs/data.csv")),
        },
        "mine": {
            "list": attempt(lambda: s3.list_objects_v2(Bucket=mine, Prefix=prefix)),
            "getBucketPolicy": attempt(lambda: s3.get_bucket_policy(Bucket=mine)),
            "putBucketPolicy": attempt(lambda: s3.put_bucket_policy(Bucket=mine, Policy=json.dumps({"Version": "2012-10-17", "Statement": []}))),
            "putBucketAcl": attempt(lambda: s3.put_bucket_acl(Bucket=mine, ACL="public-read")),
            "deleteBucket": attempt(lambda: s3.delete_bucket(Bucket=mine)),
        },
        "listBuckets": attempt(lambda: s3.list_buckets()),
        "createBucket": attempt(lambda: s3.create_bucket(Bucket=f"{mine}-2")),
        "iamListUsers": attempt(lambda: api["iam"].list_users()),
        "written": {"key": parquet, "sse": head.get("ServerSideEncryption"), "kmsKeyId": head.get("SSEKMSKeyId")},
    }
    print(json.dumps(result))


if __name__ == "__main__":
    command, *rest = sys.argv[1:]
    {"apply": apply, "probe": probe}[command](*rest)
