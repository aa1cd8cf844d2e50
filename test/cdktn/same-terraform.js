// The Terraform two synths wrote (cdktf's and cdktn's cdktf.out folders) is the same, stack by stack, except
// what may differ between the frameworks: the framework's version in the "//" metadata and the docker, random
// and aws providers' version constraints (each binding's own release); a provider source without a namespace
// is Terraform's "hashicorp/" one; a default local backend's absolute path names the app's folder, so only the
// file's name is compared. Prints what was compared.
//   node same-terraform.js CDKTF_OUT CDKTN_OUT LABEL
const assert = require("assert");
const fs = require("fs");
const path = require("path");

const [cdktfOut, cdktnOut, label] = process.argv.slice(2);
const stacksOf = (out) => JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8")).stacks;
const read = (out, stack) => JSON.parse(fs.readFileSync(path.join(out, stack.synthesizedStackPath), "utf8"));
const MAY_DIFFER = ["docker", "random", "aws"];

/** The stack without what may differ; what it took out, to say which constraints differed. */
function normalized(json) {
  const taken = { framework: json["//"]?.metadata?.version };
  delete json["//"].metadata.version;
  // The default local backend is the state file's absolute path in the app's folder: two apps, two folders.
  const local = json.terraform.backend?.local;
  if (local && path.isAbsolute(local.path)) local.path = path.basename(local.path);
  for (const required of Object.values(json.terraform.required_providers)) {
    // @cdktf/provider-aws 21 writes "aws", @cdktn/provider-aws "hashicorp/aws": one address to Terraform.
    if (!required.source.includes("/")) required.source = `hashicorp/${required.source}`;
  }
  for (const provider of MAY_DIFFER) {
    const required = json.terraform.required_providers[provider];
    if (!required) continue;
    taken[provider] = required.version;
    delete required.version;
  }
  return { json, taken };
}

const cdktf = stacksOf(cdktfOut);
const cdktn = stacksOf(cdktnOut);
assert.deepStrictEqual(Object.keys(cdktn).sort(), Object.keys(cdktf).sort(), `${label}: the two synths wrote other stacks`);
for (const name of Object.keys(cdktf).sort()) {
  const a = normalized(read(cdktfOut, cdktf[name]));
  const b = normalized(read(cdktnOut, cdktn[name]));
  assert.deepStrictEqual(b.json, a.json, `${label}: stack ${name} differs between cdktf and cdktn beyond versions`);
  const said = ["framework", ...MAY_DIFFER].filter((k) => a.taken[k]).map((k) => `${k} ${a.taken[k]} → ${b.taken[k]}`);
  console.log(
    `[same terraform] ${label}/${name}: identical but ${said.join(", ")} (${Object.keys(a.json.resource ?? {}).length} resource types)`,
  );
}
