import { Construct } from "constructs";
import { ContainerAdditions, VolumeMount } from "./spark-container";

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
