// What the README's "More than one machine" app synthesized: each worker group on its own Docker host, at its address.
const assert = require("assert");
const json = require("./cdktf.out/stacks/spark-hosts/cdk.tf.json");

const containers = Object.values(json.resource.docker_container);
const workers = containers.filter((c) => c.for_each);
const placed = workers.map((c) => [c.provider ?? "default", c.network_mode, c.command[c.command.indexOf("--host") + 1], Object.keys(c.for_each).length]).sort();
assert.deepStrictEqual(placed, [
  ["default", "host", "10.0.0.11", 1],
  ["docker.gpu-box", "host", "10.0.0.12", 2],
  ["docker.old-server", "host", "10.0.0.13", 1],
]);
for (const w of workers) assert.deepStrictEqual(w.host[0], { host: "spark-hosts-spark-master", ip: "10.0.0.11" });
const images = Object.values(json.resource.docker_image).filter((i) => i.name.startsWith("cdktf-spark:"));
assert.deepStrictEqual(images.map((i) => i.provider ?? "default").sort(), ["default", "docker.gpu-box", "docker.old-server"]);
assert.strictEqual(new Set(images.map((i) => i.name)).size, 1, "one Spark image tag on every host");
const master = containers.find((c) => c.name === "spark-hosts-spark-master");
assert.ok(master.ports.some((p) => p.ip === "10.0.0.11" && p.external === 7077), "master RPC published on its address");
const conf = master.upload[0].content;
assert.match(conf, /^spark\.network\.crypto\.enabled true$/m);
assert.match(conf, /^spark\.network\.crypto\.saslFallback false$/m);
assert.deepStrictEqual(json.provider.docker.map((p) => p.host ?? "default").sort(), ["default", "ssh://spark@10.0.0.12", "tcp://10.0.0.13:2376"]);
console.log(`ok: workers on ${workers.length} Docker hosts, the Spark image built on each, traffic between them encrypted`);
