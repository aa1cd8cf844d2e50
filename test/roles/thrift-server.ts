// A role written outside lib/, as a platform team would add one: Spark's Thrift (JDBC/ODBC) server, a driver
// of the cluster. It uses the public API alone (imports from lib/index.ts): attach, then addRoleContainer.
import { Construct } from "constructs";
import { ISparkCluster, ResourceLimits, Size, SparkDriverConstruct } from "../../lib";

export interface ThriftServerProps {
  readonly cluster: ISparkCluster;
  /** @default 10000 */
  readonly hostPort?: number;
  readonly resources?: ResourceLimits;
  /** Its applications' spark.executor.memory. @default the cluster's */
  readonly executorMemory?: Size;
}

export class ThriftServer extends SparkDriverConstruct {
  constructor(scope: Construct, id: string, props: ThriftServerProps) {
    super(scope, id);
    this._cluster = props.cluster;
    const attachment = props.cluster.attach(this, { submitsApplications: true, asksExecutorMemory: props.executorMemory });
    this.addRoleContainer("container", {
      attachment,
      command: [
        "/opt/spark/bin/spark-submit",
        "--class",
        "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2",
        "--name",
        "thrift-server",
        "spark-internal",
      ],
      healthcheckUrl: "http://127.0.0.1:4040/",
      ports: [{ containerPort: 10000, hostPort: props.hostPort ?? 10000 }],
      resources: props.resources,
    });
  }
}
