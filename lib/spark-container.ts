import { ContainerConfig, ContainerHealthcheck } from "@cdktf/provider-docker/lib/container";
import { Network } from "@cdktf/provider-docker/lib/network";
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { SPARK_DEFAULTS_PATH, SparkProperties, renderSparkDefaults } from "./spark-conf";
import { requireDockerName } from "./validate";

/** The parts every Spark-side container shares. */
export interface SparkContainerOptions {
  readonly name: string;
  readonly image: string;
  readonly network: Network;
  /** Uploaded as the container's spark-defaults.conf; omit when a volume provides it. */
  readonly properties?: SparkProperties;
  readonly env?: string[];
  readonly healthcheck: ContainerHealthcheck;
}

/**
 * Container settings common to master, workers, history server and
 * JupyterLab: one network, its own spark-defaults.conf uploaded at deploy,
 * restart after crashes and reboots, and a health check other containers
 * wait on.
 */
export function sparkContainer(options: SparkContainerOptions): Omit<ContainerConfig, "command" | "ports" | "volumes"> {
  return {
    name: options.name,
    image: options.image,
    restart: "unless-stopped",
    networksAdvanced: [{ name: options.network.name }],
    env: options.env,
    upload: options.properties ? [{ file: SPARK_DEFAULTS_PATH, content: renderSparkDefaults(options.properties) }] : undefined,
    healthcheck: options.healthcheck,
    wait: true,
    waitTimeout: 180,
  };
}

/** A health check using wget, which the apache/spark images ship (curl they do not). */
export function httpHealthcheck(url: string): ContainerHealthcheck {
  return {
    test: ["CMD", "wget", "-q", "-O", "/dev/null", url],
    interval: "5s",
    timeout: "3s",
    retries: 5,
    startPeriod: "60s",
  };
}

/** The default container name: "<stack>-<suffix>", so two stacks never collide. */
export function defaultName(scope: Construct, suffix: string, given?: string): string {
  const name = given ?? `${TerraformStack.of(scope).node.id}-${suffix}`;
  return requireDockerName(scope, "name", name);
}
