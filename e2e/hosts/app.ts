/**
 * The e2e's app for a cluster spanning Docker hosts: the workbench on this
 * host (master, one worker, history server, JupyterLab, local bucket) with its
 * address on the test network, and one worker on each extra host, a dockerd
 * in a network namespace reached over TCP with TLS or over SSH (e2e/hosts.sh).
 *
 * E2E_MAIN_ADDRESS: this host's address; E2E_HOSTS: JSON array of ExtraHost;
 * E2E_HOSTS_CERT_PATH: the client certificate folder (ca.pem, cert.pem, key.pem);
 * E2E_HOSTS_SSH_OPTS: what ssh needs (key, known hosts) for the hosts reached over SSH.
 */
import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { App, TerraformStack } from "cdktf";
import { SparkWorkbench, WorkbenchMode } from "../../lib";
import { declareProviders, workbenchProps } from "../../stacks/foundation";
import { settingsFromEnv } from "../../stacks/settings";
import { privateLocalState, projectDirOf, protectState } from "../../stacks/state";

export interface ExtraHost {
  /** Short name, e.g. "h1": the provider alias and the worker group's id. */
  readonly name: string;
  /** Its address on the test network. */
  readonly address: string;
  /** Its Docker API, e.g. tcp://10.77.0.11:2376 or ssh://root@10.77.0.12. */
  readonly dockerHost: string;
}

export const HOSTS_STACK = "hosts-stack";
/** Clear of the ports of the shipped stacks, which may still run beside it. */
export const HOSTS_PORT_OFFSET = 500;

if (require.main === module) {
  const settings = settingsFromEnv(process.env);
  const hosts = JSON.parse(process.env.E2E_HOSTS ?? "[]") as ExtraHost[];
  const app = new App();
  const stack = new TerraformStack(app, HOSTS_STACK);
  // Its state and secrets in .e2e/state/, beside the output folder: the owner's only, as the shipped stacks'.
  privateLocalState(stack);
  protectState(projectDirOf(app.outdir), [HOSTS_STACK]);
  declareProviders(stack, settings);
  const { image, bucket, catalog } = workbenchProps(settings, WorkbenchMode.CLUSTER);
  const spark = new SparkWorkbench(stack, "spark", {
    image,
    bucket,
    catalog,
    connect: false,
    portOffset: HOSTS_PORT_OFFSET,
    master: {
      address: process.env.E2E_MAIN_ADDRESS!,
      // One executor on every host per application.
      maxCoresPerApp: 1 + hosts.length,
      // A lost host's workers are declared dead after 20 s (Spark's default is 60 s), so the test waits less.
      sparkProperties: { "spark.worker.timeout": "20" },
    },
    workers: { count: 1 },
  });
  for (const host of hosts) {
    const provider = new DockerProvider(stack, host.name, {
      alias: host.name,
      host: host.dockerHost,
      ...(host.dockerHost.startsWith("ssh://")
        ? { sshOpts: (process.env.E2E_HOSTS_SSH_OPTS ?? "").split(" ").filter(Boolean) }
        : { certPath: process.env.E2E_HOSTS_CERT_PATH }),
    });
    spark.addWorkers(host.name, { host: { provider, address: host.address }, count: 1 });
  }
  app.synth();
}
