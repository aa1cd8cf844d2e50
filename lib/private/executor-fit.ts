import { IConstruct } from "constructs";
import { SparkConfigError } from "../errors";
import { Size } from "../size";

interface Memory {
  readonly owner: IConstruct;
  readonly memory: Size;
}

/**
 * Executor memory a cluster's drivers ask for and its workers offer (RoleNeeds), checked once the tree is
 * complete (workers and drivers attach in any order): an executor larger than every worker never starts, and
 * the job waits forever ("Initial job has not accepted any resources"). The cluster plan owns one.
 */
export class ExecutorFit {
  private readonly offers: Memory[] = [];
  private readonly asks: Memory[] = [];

  public offer(owner: IConstruct, memory: Size): void {
    this.offers.push({ owner, memory });
  }

  public ask(owner: IConstruct, memory: Size): void {
    this.asks.push({ owner, memory });
  }

  public misfits(): string[] {
    if (!this.offers.length) return [];
    const most = this.offers.reduce((a, b) => (b.memory.toMebibytes() > a.memory.toMebibytes() ? b : a));
    return this.asks
      .filter((a) => a.memory.toMebibytes() > most.memory.toMebibytes())
      .map(
        (a) =>
          new SparkConfigError(
            a.owner,
            `sparkProperties sets spark.executor.memory ${a.memory.toSparkString()}, more than any worker of its cluster offers (${most.memory.toSparkString()} at ${most.owner.node.path}), so its executors could never start ("Initial job has not accepted any resources").`,
            `Set spark.executor.memory to ${most.memory.toSparkString()} or less, or raise the workers' memory.`,
          ).message,
      );
  }
}
