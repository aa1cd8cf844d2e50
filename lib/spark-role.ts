import { Construct } from "constructs";
import type { ISparkCluster } from "./cluster";
import { askExecutorMemory } from "./private/executor-fit";
import { ContainerAdditions } from "./private/spark-container";
import { VolumeMount } from "./docker-types";
import { requireMemory } from "./private/validate";

/**
 * A construct that runs one Spark-side container (master, workers, history
 * server, JupyterLab, Connect server): what a user may add to that container
 * without touching the library's own settings. Prefer these to editing
 * `node.defaultChild`, whose env and volumes hold the RPC secret, credentials
 * and configuration the role needs.
 */
export abstract class SparkRoleConstruct extends Construct {
  /** @internal */
  protected readonly _additions = new ContainerAdditions(this);

  /** Adds an environment variable to the container; one the library sets cannot be replaced. */
  public addEnvironment(name: string, value: string): void {
    this._additions.addEnvironment(name, value);
  }

  /** Mounts a Docker volume or a host folder into the container, beside (never over) the library's mounts. */
  public addVolume(mount: VolumeMount): void {
    this._additions.addVolume(mount);
  }
}

/**
 * A role whose container runs Spark drivers (JupyterLab's notebook sessions,
 * the Connect server's session): Spark properties can be added to the
 * sessions' defaults after construction, checked as its sparkProperties are.
 */
export abstract class SparkDriverConstruct extends SparkRoleConstruct {
  /** @internal The cluster the driver submits to, for the executor memory check; none in local mode. */
  protected _cluster?: ISparkCluster;

  /**
   * Adds Spark properties to the sessions' defaults (spark-defaults.conf),
   * over the library's, as the sparkProperties prop does. An executor memory
   * larger than every worker of the cluster offers fails synthesis.
   */
  public addSparkProperties(properties: Record<string, string>): void {
    const executorMemory = properties["spark.executor.memory"];
    if (this._cluster && executorMemory !== undefined) {
      askExecutorMemory(this._cluster, this, requireMemory(this, "spark.executor.memory", executorMemory));
    }
    this._additions.addSparkProperties(properties);
  }
}
