import { Container, ContainerVolumes } from "@cdktf/provider-docker/lib/container";
import { SparkWorkbench } from "../lib";
import { envOf, resource, synth, testStack } from "./helpers";

/** Each way a user reaches for a role container's settings, as the escape hatch offers them. */
const ATTEMPTS: [string, (c: Container) => void, RegExp][] = [
  [
    'addOverride("env", [...])',
    (c) => c.addOverride("env", ["MY_SETTING=1"]),
    /addOverride\("env", …\) on its container would replace the library's env .* Use the role's addEnvironment\(name, value\)/,
  ],
  [
    'addOverride("volumes", [...])',
    (c) => c.addOverride("volumes", [{ volume_name: "mine", container_path: "/data" }]),
    /Use the role's addVolume\(mount\)/,
  ],
  [
    'addOverride("upload.0.content", ...)',
    (c) => c.addOverride("upload.0.content", "x"),
    /replace the library's upload \(spark-defaults\.conf\)/,
  ],
  [
    "env = [...]",
    (c) => {
      c.env = ["MY_SETTING=1"];
    },
    /setting env on its container .* addEnvironment/,
  ],
  ["resetEnv()", (c) => c.resetEnv(), /resetEnv\(\) on its container/],
  [
    "putVolumes([...])",
    (c) => c.putVolumes([{ volumeName: "mine", containerPath: "/data" } as ContainerVolumes]),
    /putVolumes\(…\) on its container would replace the library's volumes \(spark-defaults\.conf, the notebooks, event logs and recovery state\)/,
  ],
  ["resetVolumes()", (c) => c.resetVolumes(), /addVolume\(mount\)/],
  ["putUpload([...])", (c) => c.putUpload([]), /putUpload\(…\)/],
  [
    "putPorts([...])",
    (c) => c.putPorts([]),
    /putPorts\(…\) on its container would replace the library's ports .* the role's port props and hostIp/,
  ],
  ["resetPorts()", (c) => c.resetPorts(), /resetPorts\(\)/],
];

describe("escape hatches on a role's container", () => {
  test.each(ATTEMPTS)(
    "%s fails at synth naming the role and the method that adds, never dropping the library's wiring",
    (_, attempt, message) => {
      const { stack } = testStack();
      const wb = new SparkWorkbench(stack, "spark", { outputs: false });
      for (const role of [wb.jupyter, wb.cluster.master, wb.cluster.workers, wb.cluster.historyServer, wb.connect!]) {
        expect(() => attempt(role.node.defaultChild as Container)).toThrow(new RegExp(`"${role.node.path}": .*${message.source}`));
      }
    },
  );

  test("every other setting and override works as on any Container, beside the library's own", () => {
    const { stack } = testStack();
    const wb = new SparkWorkbench(stack, "spark", { outputs: false });
    const container = wb.jupyter.node.defaultChild as Container;
    container.addOverride("log_driver", "local");
    container.shmSize = 256;
    wb.jupyter.addEnvironment("MY_SETTING", "1");
    const json = resource(synth(stack), "docker_container", "spark/jupyter/container");
    expect(json).toMatchObject({ log_driver: "local", shm_size: 256 });
    expect(envOf(json)).toMatchObject({ MY_SETTING: "1", CDKTF_SPARK_DBFS_ROOT: "s3a://test-spark-data" });
  });
});
