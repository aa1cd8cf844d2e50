/**
 * The upgrade scenario's consumer app: what a team's own main.ts looks like, importing the installed
 * `cdktf-spark` package (the previous release first, then this checkout's), with a cluster and a
 * local-mode workbench in two stacks. It reads the machine's choices (base images, stand-ins, provider
 * versions of the mirror) from the environment e2e/run.sh prepared, as a team would pass its own.
 */
import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { App, TerraformStack } from "cdktf";
import { SparkReleases, SparkWorkbench, SparkWorkbenchProps, WorkbenchMode } from "cdktf-spark";

const env = process.env;
const app = new App();
// The base image of the installed release's default Spark (0.10.0: 4.3.0, 0.11.0: 4.1.4), as a team on the official
// images gets its tag: e2e/run.sh built both from package registries.
const baseImage = env.CDKTF_SPARK_BASE_IMAGE?.replace(/^local\/spark:[^-]+-/, `local/spark:${SparkReleases.DEFAULT_VERSION}-`);

function stack(id: string, props: SparkWorkbenchProps): void {
  const s = new TerraformStack(app, id);
  new DockerProvider(s, "docker", {});
  new RandomProvider(s, "random", {});
  // The filesystem mirror holds other provider releases than the bindings name.
  if (env.CDKTF_SPARK_DOCKER_PROVIDER_VERSION)
    s.addOverride("terraform.required_providers.docker.version", env.CDKTF_SPARK_DOCKER_PROVIDER_VERSION);
  if (env.CDKTF_SPARK_RANDOM_PROVIDER_VERSION)
    s.addOverride("terraform.required_providers.random.version", env.CDKTF_SPARK_RANDOM_PROVIDER_VERSION);
  new SparkWorkbench(s, "spark", {
    image: { baseImage, cloudCommitterVersion: env.CDKTF_SPARK_CLOUD_COMMITTER_VERSION, awsSdkVersion: env.CDKTF_SPARK_AWS_SDK_VERSION },
    bucket: { serverImage: env.CDKTF_SPARK_S3_SERVER_IMAGE },
    catalog: { databaseImage: env.CDKTF_SPARK_CATALOG_IMAGE },
    ...props,
  });
}

stack("upgrade-cluster", { workers: { count: 1 } });
// Offset 50: the other lines' clusters (100–400) run beside the upgrade.
stack("upgrade-local", { mode: WorkbenchMode.LOCAL, portOffset: 50 });
app.synth();
