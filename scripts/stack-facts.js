#!/usr/bin/env node
// What scripts/workbench.sh needs to know about a synthesized stack (cdktf.out/stacks/<stack>):
//   stack-facts.js secrets DIR jupyter|connect|rpc|all   the -replace= flags that rotate those secrets
//   stack-facts.js retained-volumes DIR                  the volumes containers name but Terraform does not own
//   docker ps ... | stack-facts.js port-holders DIR       host ports this stack publishes that another container holds
//   terraform output -json | stack-facts.js summary DIR  what `npm run up` prints: URLs, bucket, how to stop
//                                                        (one `terraform output` instead of one per line: ~0.2 s each)
// Secrets are found by their construct path (SparkWorkbench's jupyter, connect and master).
const fs = require("fs");
const path = require("path");

const [command, dir, which = "all"] = process.argv.slice(2);
const stack = JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8"));
const fail = (message) => {
  process.stderr.write(`${message}\n`);
  process.exit(1);
};

const SECRETS = { jupyter: "/jupyter/token", connect: "/connect/token", rpc: "/master/rpc-secret" };

if (command === "secrets") {
  const wanted = which === "all" ? Object.keys(SECRETS) : which.split(",");
  const unknown = wanted.filter((w) => !SECRETS[w]);
  if (unknown.length) fail(`unknown secret ${unknown.join(", ")}: use ${Object.keys(SECRETS).join(", ")} or all (comma-separated)`);
  const passwords = Object.entries(stack.resource?.random_password ?? {});
  const flags = [];
  for (const name of wanted) {
    const found = passwords.filter(([, p]) => p["//"]?.metadata?.path?.endsWith(SECRETS[name]));
    if (found.length === 0 && which !== "all") fail(`this stack has no ${name} secret`);
    flags.push(...found.map(([id]) => `-replace=random_password.${id}`));
  }
  if (flags.length === 0) fail("this stack has none of the secrets asked for");
  process.stdout.write(`${flags.join("\n")}\n`);
} else if (command === "retained-volumes") {
  const names = new Set();
  for (const container of Object.values(stack.resource?.docker_container ?? {})) {
    for (const volume of container.volumes ?? []) {
      // A `${docker_volume...}` reference is Terraform's own and goes with destroy.
      if (volume.volume_name && !volume.volume_name.includes("${")) names.add(volume.volume_name);
    }
  }
  process.stdout.write(`${[...names].sort().join("\n")}\n`);
} else if (command === "port-holders") {
  // stdin: `docker ps --format '{{.Names}}\t{{.Ports}}'`. The stack's own containers are Terraform's to replace.
  const containers = Object.values(stack.resource?.docker_container ?? {});
  const own = new Set(containers.map((c) => c.name));
  const wanted = new Set(containers.flatMap((c) => (c.ports ?? []).map((p) => `${p.ip ?? "0.0.0.0"}:${p.external}`)));
  const held = [];
  for (const line of fs.readFileSync(0, "utf8").split("\n").filter(Boolean)) {
    const [name, ports = ""] = line.split("\t");
    if (own.has(name)) continue;
    for (const [, ip, port] of ports.matchAll(/([\d.]+|\[::\]):(\d+)->/g)) {
      const clash =
        ip === "0.0.0.0" ? [...wanted].find((w) => w.endsWith(`:${port}`)) : wanted.has(`${ip}:${port}`) || wanted.has(`0.0.0.0:${port}`);
      if (clash) held.push(`${ip}:${port} is held by container ${name}`);
    }
  }
  if (held.length) process.stdout.write(`${[...new Set(held)].join("\n")}\n`);
} else if (command === "summary") {
  const outputs = JSON.parse(fs.readFileSync(0, "utf8"));
  const out = (name) => outputs[name]?.value;
  const name = path.basename(dir);
  const lines = ["", `${name} is up.`, `  JupyterLab     ${out("spark_jupyter_url")}`];
  if (out("spark_master_url")) {
    lines.push(`  Spark master   ${out("spark_master_url")}   UI ${out("spark_master_ui")}`);
    lines.push(`  Workers        ${(out("spark_worker_uis") ?? []).join(" ")}`);
    lines.push(`  History        ${out("spark_history_ui")}`);
  }
  if (out("spark_connect_url"))
    lines.push(`  Spark Connect  ${out("spark_connect_url")}   (pyspark-client: SparkSession.builder.remote(...))`);
  lines.push(`  Bucket         ${out("spark_bucket_uri")}   (S3 endpoint for host tools: ${out("spark_s3_endpoint")})`);
  lines.push(`  Stop it        npm run down -- ${name}   (notebooks and bucket data are kept)`);
  process.stdout.write(`${lines.join("\n")}\n`);
} else {
  fail("usage: stack-facts.js secrets DIR jupyter|connect|rpc|all | retained-volumes DIR | port-holders DIR | summary DIR");
}
