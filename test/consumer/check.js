// What the consumer app synthesized: three clusters in one stack, apart in every name and port, with outputs.
const assert = require("assert");
const fs = require("fs");
const path = require("path");
const json = require("./cdktf.out/stacks/team-spark/cdk.tf.json");

const containers = Object.values(json.resource.docker_container);
const names = containers.flatMap((c) => (c.for_each ? Object.values(c.for_each).map((w) => w.name) : [c.name]));
assert.deepStrictEqual(new Set(names).size, names.length, `duplicate container names: ${names}`);
for (const name of ["team-spark-etl-master", "team-spark-etl-worker-3", "team-spark-ml-master", "team-spark-master", "team-spark-workers-2", "team-spark-lab"]) {
  assert.ok(names.includes(name), `no container ${name} in ${names}`);
}
const ports = containers.flatMap((c) => (c.for_each ? Object.values(c.for_each).map((w) => w.port) : (c.ports ?? []).map((p) => p.external)));
assert.deepStrictEqual(new Set(ports).size, ports.length, `duplicate host ports: ${ports}`);
const volumes = Object.values(json.resource.docker_volume).map((v) => v.name);
for (const v of ["team-spark-etl-master-recovery", "team-spark-ml-master-recovery"]) {
  assert.ok(volumes.includes(v), `no volume ${v} in ${volumes}`);
}
const networks = Object.values(json.resource.docker_network).map((n) => n.name).sort();
assert.deepStrictEqual(networks, ["team-spark-adhoc", "team-spark-etl", "team-spark-ml"]);
const workers = containers.filter((c) => c.for_each).map((c) => c.command.at(-1)).sort();
// Each master listens inside on the port it publishes.
assert.deepStrictEqual(workers, ["spark://team-spark-etl-master:7077", "spark://team-spark-master:10077", "spark://team-spark-ml-master:8077"]);
const images = Object.values(json.resource.docker_image).map((i) => i.build.build_args.HADOOP_VERSION).filter(Boolean).sort();
assert.deepStrictEqual(images, ["3.3.4", "3.4.1", "3.4.2"]); // 3.5 and 4.0 as asked, the default runtime's 4.1
for (const image of Object.values(json.resource.docker_image).filter((i) => i.build.build_args.HADOOP_VERSION)) {
  // The packed Dockerfile resolves SDK modules; the bundle is only ever excluded.
  assert.ok(!/bundle/.test(image.build.build_args.S3A_ARTIFACTS) && /bundle$/.test(image.build.build_args.S3A_EXCLUDE), `SDK bundle in ${image.name}`);
}
for (const output of ["etl_jupyter_url", "etl_master_ui", "etl_worker_uis", "ml_jupyter_url", "ml_history_ui", "adhoc_jupyter_url", "adhoc_master_ui"]) {
  assert.ok(json.output[output], `no output ${output}`);
}
assert.strictEqual(json.output.etl_jupyter_url.sensitive, true);
assert.strictEqual(json.output.ml_master_ui.value, "http://127.0.0.1:9080");
assert.deepStrictEqual(Object.keys(json.terraform.required_providers).sort(), ["docker", "random"]);
// Build contexts are the stack's copies of the packed Dockerfile folders, relative to the stack's folder (where Terraform runs).
for (const image of Object.values(json.resource.docker_image)) {
  const context = path.join(__dirname, "cdktf.out", "stacks", "team-spark", image.build.context);
  assert.ok(!path.isAbsolute(image.build.context) && fs.existsSync(path.join(context, "Dockerfile")), `build context ${image.build.context} of ${image.name}`);
}
console.log(`ok: ${names.length} containers, ${ports.length} host ports, ${networks.length} networks, ${Object.keys(json.output).length} outputs, all distinct`);
