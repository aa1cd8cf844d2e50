import { HistoryServer, JupyterLab } from "../lib";
import { notebookDefaults, resource, sparkDefaults, synth, testCluster } from "./helpers";

describe("HistoryServer", () => {
  test("reads exactly the directory drivers write event logs to, from the same volume", () => {
    const { stack, master } = testCluster();
    new HistoryServer(stack, "history", { master });
    new JupyterLab(stack, "jupyter", { master });
    const json = synth(stack);
    const history = resource(json, "docker_container", "history/container");
    const jupyter = resource(json, "docker_container", "jupyter/container");
    const logDir = sparkDefaults(history)["spark.history.fs.logDirectory"];
    const driverConf = notebookDefaults(json);
    expect(logDir).toBe(driverConf["spark.eventLog.dir"]);
    expect(driverConf["spark.eventLog.enabled"]).toBe("true");
    const eventsMount = { volume_name: "test-master-events", container_path: "/opt/spark/events" };
    expect(history.volumes).toContainEqual(eventsMount);
    expect(jupyter.volumes).toContainEqual(eventsMount);
  });

  test("follows an event log directory set through the master's sparkProperties, with the bucket's credentials", () => {
    const { stack, master } = testCluster({ sparkProperties: { "spark.eventLog.dir": "s3a://test-bucket/spark-events" } });
    new HistoryServer(stack, "history", { master });
    const history = resource(synth(stack), "docker_container", "history/container");
    expect(sparkDefaults(history)["spark.history.fs.logDirectory"]).toBe("s3a://test-bucket/spark-events");
    expect(history.env).toEqual(expect.arrayContaining([expect.stringMatching(/^AWS_SECRET_ACCESS_KEY=/)]));
    expect(history.volumes).toBeUndefined();
  });

  test("runs the HistoryServer on 18080, published on loopback, health-checked through its API", () => {
    const { stack, master } = testCluster();
    const history = new HistoryServer(stack, "history", { master });
    const c = resource(synth(stack), "docker_container", "history/container");
    expect(c.command).toEqual(["/opt/spark/bin/spark-class", "org.apache.spark.deploy.history.HistoryServer"]);
    expect(c.ports).toEqual([{ internal: 18080, external: 18080, ip: "127.0.0.1" }]);
    expect(c.healthcheck.test).toContain("http://127.0.0.1:18080/api/v1/applications");
    expect(sparkDefaults(c)["spark.history.fs.cleaner.maxAge"]).toBe("30d");
    expect(history.uiUrl).toBe("http://127.0.0.1:18080");
  });
});
