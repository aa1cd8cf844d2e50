import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { Testing } from "cdktf";
import { SparkImage } from "../lib";
import { buildImage } from "../lib/spark-image";
import { ClusterStack } from "../stacks/cluster-stack";
import { LocalStack } from "../stacks/local-stack";
import { resources, synth, testStack } from "./helpers";

const ROOT = path.resolve(__dirname, "..");
const tmpDirs: string[] = [];
afterAll(() => tmpDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-spark-portable-"));
  tmpDirs.push(dir);
  return dir;
}

/** Every string anywhere in a JSON value, keys included. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, v]) => [key, ...strings(v)]);
}

/** Paths and contents of every file below `dir`. */
function tree(dir: string): Record<string, string> {
  return Object.fromEntries(
    (fs.readdirSync(dir, { recursive: true }) as string[])
      .sort()
      .filter((f) => fs.statSync(path.join(dir, f)).isFile())
      .map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]),
  );
}

describe("the synthesized output does not depend on where the library lives", () => {
  // The shipped stacks as `cdktf synth` writes them: cdk.tf.json plus assets, per stack directory.
  const outdir = tmpDir();
  const app = Testing.app({ outdir });
  new LocalStack(app, "local-stack");
  new ClusterStack(app, "cluster-stack");
  app.synth();
  const stacks = ["local-stack", "cluster-stack"].map((name) => {
    const dir = path.join(outdir, "stacks", name);
    return { name, dir, json: JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8")) };
  });

  test("no string in the shipped stacks' cdk.tf.json names this checkout or an absolute build context", () => {
    for (const { name, json } of stacks) {
      // The state's place too: relative to the stack's directory, in the private state folder.
      expect(json.terraform.backend).toEqual({ local: { path: `../../../state/terraform.${name}.tfstate` } });
      expect(strings(json).filter((s) => s.includes(ROOT))).toEqual([]);
      const contexts = resources(json, "docker_image")
        .filter((i) => i.build)
        .map((i) => i.build.context);
      expect(contexts).toHaveLength(2);
      expect(contexts.filter((c) => path.isAbsolute(c))).toEqual([]);
    }
  });

  test("each build context, from the stack's directory (Terraform's working directory), holds a copy of the library's Dockerfile folder", () => {
    for (const { dir, json } of stacks) {
      for (const image of resources(json, "docker_image").filter((i) => i.build)) {
        const source = path.join(ROOT, "docker", image.name.startsWith("cdktf-spark-jupyter:") ? "jupyter" : "spark");
        const copy = path.resolve(dir, image.build.context);
        expect(fs.existsSync(path.join(copy, "Dockerfile"))).toBe(true);
        expect(tree(copy)).toEqual(tree(source));
      }
    }
  });

  test("the same Dockerfiles in another folder synthesize the same stack, tag included", () => {
    const elsewhere = path.join(tmpDir(), "spark");
    fs.cpSync(path.join(ROOT, "docker", "spark"), elsewhere, { recursive: true });
    const [here, there] = [path.join(ROOT, "docker", "spark"), elsewhere].map((context) => {
      const { stack } = testStack();
      buildImage(stack, { repository: "r", tagPrefix: "p", context, buildArgs: { A: "1" } });
      return synth(stack);
    });
    expect(there).toEqual(here);
  });

  test("an image on another Docker host builds from the stack's one copy of the context", () => {
    const { stack } = testStack();
    const remote = new DockerProvider(stack, "box", { alias: "box", host: "tcp://10.0.0.11:2376" });
    new SparkImage(stack, "spark").onHost(remote);
    const images = resources(synth(stack), "docker_image");
    expect(images).toHaveLength(2);
    expect(new Set(images.map((i) => i.build.context)).size).toBe(1);
    expect(path.isAbsolute(images[0].build.context)).toBe(false);
  });
});
