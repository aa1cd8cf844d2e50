import { spawnSync } from "child_process";
import * as path from "path";

/** Runs the kernel's session start-up (docker/jupyter/cdktf_spark_notebook/session.py) against a stand-in IPython and Spark start. */
function kernel(startFails: "in the background" | "everywhere"): string {
  const script = `
import sys, threading
sys.path.insert(0, ${JSON.stringify(path.join(__dirname, "..", "docker", "jupyter"))})
from cdktf_spark_notebook import session as nb

class Spark:
    version = "4.3.0"
class Context:
    master, uiWebUrl = "local[*]", "http://jupyter:4040"
def start(result):
    if ${startFails === "everywhere" ? "True" : "threading.current_thread() is not threading.main_thread()"}:
        result["error"] = ModuleNotFoundError("No module named 'pyspark'")
    else:
        result.update(spark=Spark(), sc=Context(), seconds=0.1)
nb._start = start

class Events:
    def __init__(self): self.hooks = []
    def register(self, name, hook): self.hooks.append(hook)
    def unregister(self, name, hook): self.hooks.remove(hook)
class Shell:
    def __init__(self): self.events, self.user_ns = Events(), {}
class Cell:
    raw_cell = "spark.range(3).count()"

ip = Shell()
nb._install(ip)
ip.events.hooks[0](Cell())
print("SPARK", "spark" in ip.user_ns, "HOOKS", len(ip.events.hooks))
`;
  const run = spawnSync("python3", ["-c", script], { encoding: "utf8", env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } });
  return `${run.stdout}${run.stderr}`;
}

describe("the predefined notebook session", () => {
  test("when it cannot start in the background, the first Spark cell starts it in the kernel's own thread and says so", () => {
    const out = kernel("in the background");
    expect(out).toContain("did not start in the background (ModuleNotFoundError(\"No module named 'pyspark'\")); starting it now.");
    expect(out).toContain("Spark 4.3.0 session ready as `spark`");
    expect(out).toContain("SPARK True HOOKS 0");
  });

  test("when it cannot start at all, the cell is told how to make one and `spark` stays undefined", () => {
    const out = kernel("everywhere");
    expect(out).toContain("The Spark session could not start: ModuleNotFoundError");
    expect(out).toContain("Create one yourself with SparkSession.builder.getOrCreate()");
    expect(out).toContain("SPARK False HOOKS 0");
  });
});
