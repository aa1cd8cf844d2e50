import { IConstruct } from "constructs";
import { SparkConfigError } from "../errors";
import { memoryMb } from "./validate";

/**
 * Executor memory a cluster's drivers ask for and its workers offer, checked
 * once the tree is complete (workers and drivers may be created in any order):
 * an executor larger than every worker never starts, and the job waits forever
 * ("Initial job has not accepted any resources").
 */
interface Memory {
  readonly owner: IConstruct;
  readonly memory: string;
}

const byCluster = new WeakMap<IConstruct, { offers: Memory[]; asks: Memory[] }>();

function of(cluster: IConstruct) {
  let entry = byCluster.get(cluster);
  if (!entry) {
    const created = { offers: [] as Memory[], asks: [] as Memory[] };
    cluster.node.addValidation({ validate: () => misfits(created) });
    byCluster.set(cluster, created);
    entry = created;
  }
  return entry;
}

/** A worker group of `cluster` offers `memory` (validated) to executors. */
export function offerExecutorMemory(cluster: IConstruct, worker: IConstruct, memory: string): void {
  of(cluster).offers.push({ owner: worker, memory });
}

/** A driver of `cluster` sets spark.executor.memory (validated) in its own sparkProperties. */
export function askExecutorMemory(cluster: IConstruct, driver: IConstruct, memory: string): void {
  of(cluster).asks.push({ owner: driver, memory });
}

function misfits({ offers, asks }: { offers: Memory[]; asks: Memory[] }): string[] {
  if (!offers.length) return [];
  const most = offers.reduce((a, b) => (memoryMb(b.memory) > memoryMb(a.memory) ? b : a));
  return asks
    .filter((a) => memoryMb(a.memory) > memoryMb(most.memory))
    .map(
      (a) =>
        new SparkConfigError(
          a.owner,
          `sparkProperties sets spark.executor.memory ${a.memory}, more than any worker of its cluster offers (${most.memory} at ${most.owner.node.path}), so its executors could never start ("Initial job has not accepted any resources").`,
          `Set spark.executor.memory to ${most.memory} or less, or raise the workers' memory.`,
        ).message,
    );
}
