import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { Network } from "@cdktf/provider-docker/lib/network";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { App, DefaultTokenResolver, StringConcat, TerraformStack, Testing, Tokenization } from "cdktf";
import { S3Bucket, SparkImage, SparkMaster, SparkMasterProps } from "../lib";

/** A stack with the providers and network the constructs expect. */
export function testStack(id = "test", app: App = Testing.app()) {
  const stack = new TerraformStack(app, id);
  new DockerProvider(stack, "docker", {});
  new RandomProvider(stack, "random", {});
  const network = new Network(stack, "network", { name: id });
  return { app, stack, network };
}

/** A master on a fresh stack, with a local bucket, for constructs that attach to one. */
export function testCluster(masterProps: Partial<SparkMasterProps> = {}) {
  const { app, stack, network } = testStack();
  const image = new SparkImage(stack, "image");
  const bucket = new S3Bucket(stack, "bucket", { network });
  const master = new SparkMaster(stack, "master", { image, network, bucket, ...masterProps });
  return { app, stack, network, image, bucket, master };
}

/** The synthesized Terraform JSON of a stack, validations included. */
export function synth(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack, true));
}

/** All resources of one type, whatever their ids. */
export function resources(json: any, type: string): any[] {
  return Object.values(json.resource?.[type] ?? {});
}

/** The only resource of a type at a construct path ("master/container"), by its logical id. */
export function resource(json: any, type: string, path: string): any {
  const prefix = path.replace(/\//g, "_");
  const found = Object.entries(json.resource?.[type] ?? {}).filter(([id]) => id === prefix || id.startsWith(`${prefix}_`));
  if (found.length !== 1) throw new Error(`expected one ${type} at ${path}, found ${found.map(([id]) => id).join(", ") || "none"}`);
  return found[0][1];
}

/** Parses an uploaded spark-defaults.conf into a map. */
export function sparkDefaults(container: any): Record<string, string> {
  const upload = container.upload.find((u: any) => u.file === "/opt/spark/conf/spark-defaults.conf");
  return Object.fromEntries(
    upload.content
      .trim()
      .split("\n")
      .map((line: string) => {
        const space = line.indexOf(" ");
        return [line.slice(0, space), line.slice(space + 1)];
      }),
  );
}

/** The Spark properties a notebook session of the JupyterLab at `path` gets. */
export function notebookDefaults(json: any, path = "jupyter"): Record<string, string> {
  return sparkDefaults(resource(json, "docker_container", `${path}/conf-writer`));
}

/** Environment of a container as a map. */
export function envOf(container: any): Record<string, string> {
  return Object.fromEntries((container.env ?? []).map((e: string) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));
}

/** Warnings annotated anywhere in a stack. */
export function warnings(stack: TerraformStack): string[] {
  return stack.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((m) => m.type === "@cdktf/warn")
    .map((m) => String(m.data));
}

/** A value with its tokens resolved as they would be synthesized in `stack`. */
export function resolved<T>(stack: TerraformStack, value: T): any {
  return Tokenization.resolve(value, { scope: stack, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) });
}
