// What `npx cdktf synth` wrote in the README's new-user folder, for the stack of the main.ts it
// last synthesized: my-spark (a local cluster) or my-spark-aws (its bucket on AWS, through the
// user's own AwsProvider). Appends the stack's name to the file $NEW_USER_CHECKED.
const assert = require("assert");
const fs = require("fs");
const path = require("path");

const manifest = JSON.parse(fs.readFileSync("cdktf.out/manifest.json", "utf8"));
const stacks = Object.keys(manifest.stacks);
assert.strictEqual(stacks.length, 1, `one stack expected, got ${stacks}`);
const [name] = stacks;
const json = JSON.parse(fs.readFileSync(path.join("cdktf.out", manifest.stacks[name].synthesizedStackPath), "utf8"));

const containers = Object.values(json.resource.docker_container);
const names = containers.flatMap((c) => (c.for_each ? Object.values(c.for_each).map((w) => w.name) : [c.name]));
const role = (suffix) => names.filter((n) => n.endsWith(suffix));
for (const r of ["-master", "-history", "-jupyter", "-connect", "-catalog"]) {
  assert.strictEqual(role(r).length, 1, `${name}: one ${r.slice(1)} container expected in ${names}`);
}
assert.deepStrictEqual(role("-worker-1").length + role("-worker-2").length, 2, `${name}: two workers expected in ${names}`);
assert.ok(!names.some((n) => /-worker-3$/.test(n)), `${name}: more than two workers in ${names}`);
for (const output of ["spark_jupyter_url", "spark_master_ui", "spark_bucket_name"]) assert.ok(json.output[output], `${name}: no output ${output}`);
assert.strictEqual(json.output.spark_jupyter_url.sensitive, true);
const providers = Object.keys(json.terraform.required_providers).sort();

if (name === "my-spark") {
  assert.deepStrictEqual(providers, ["docker", "random"]);
  assert.strictEqual(role("-data-s3").length, 1, `${name}: no local S3 server in ${names}`);
} else if (name === "my-spark-aws") {
  assert.deepStrictEqual(providers, ["aws", "docker", "random"]);
  assert.deepStrictEqual(json.provider.aws, [{ region: "eu-west-1" }], "the user's AwsProvider, without an alias");
  assert.strictEqual(role("-data-s3").length, 0, `${name}: a local S3 server in AWS mode: ${names}`);
  for (const type of ["aws_s3_bucket", "aws_s3_bucket_public_access_block", "aws_s3_bucket_policy", "aws_iam_policy"]) {
    assert.ok(json.resource[type], `${name}: no ${type}`);
  }
  // Every AWS resource on the stack's default provider: the one the user declared.
  for (const [type, resources] of Object.entries(json.resource).filter(([t]) => t.startsWith("aws_"))) {
    for (const [id, r] of Object.entries(resources)) assert.strictEqual(r.provider, undefined, `${type}.${id} on provider ${r.provider}`);
  }
  assert.deepStrictEqual(Object.keys(json.variable).sort(), ["spark_s3_access_key_id", "spark_s3_secret_access_key", "spark_s3_session_token"]);
  assert.ok(json.output.spark_s3a_policy_arn, `${name}: no output spark_s3a_policy_arn`);
} else {
  assert.fail(`a stack the README's new-user section does not have: ${name}`);
}
if (process.env.NEW_USER_CHECKED) fs.appendFileSync(process.env.NEW_USER_CHECKED, `${name}\n`);
// Kept for new-user.sh, which compares the cdktf walkthrough's stacks with the cdktn one's.
if (process.env.NEW_USER_KEEP) fs.cpSync("cdktf.out", path.join(process.env.NEW_USER_KEEP, name), { recursive: true });
console.log(`[new user] ok: ${name}: ${names.length} containers (${role("-master")}, ${role("-jupyter")}, workers ${role("-worker-1")} ${role("-worker-2")}), providers ${providers.join(", ")}`);
