"""The kernel's Spark session (installed by the IPython startup file 00-spark.py): started at once, in the background, so a
notebook starts ready: `spark` and `sc` are defined when the first cell that
uses them runs (it waits only for what is left of the start-up). The session
reads /opt/spark/conf/spark-defaults.conf, which the stack writes: the
cluster's master (or local mode), the bucket, the catalog.

The JVM's own start-up notices (the incubator-module warning, log4j's profile
line) are dropped; every other line it writes, warnings included, reaches the
cell that runs. Set CDKTF_SPARK_SESSION=off in a kernel's environment to skip
all of this.
"""
import json
import logging
import os
import platform
import re
import subprocess
import sys
import threading
import time

# Lines the JVM prints at every start that say nothing about the user's work.
_NOISE = re.compile(r"WARNING: Using incubator modules|Using Spark's default log4j profile")
# A cell that may touch Spark (itself, or through display, %sql, %fs, %run or dbutils) waits for the session.
_USES_SPARK = re.compile(r"spark|\bsc\b|display|dbutils|%%?(sql|fs|run)\b", re.IGNORECASE)


# What a predefined session adds unless JupyterLab's spark-defaults.conf says otherwise.
_SESSION_DEFAULTS = {
    # A notebook session idles most of its life: against a cluster its executors come when a cell
    # runs and go after a minute idle, so open notebooks never hold cores another one waits for.
    "spark.dynamicAllocation.enabled": "true",
    "spark.dynamicAllocation.shuffleTracking.enabled": "true",
    "spark.dynamicAllocation.executorIdleTimeout": "60s",
    # One executor asked for as the session starts, so the first cell does not wait for one to launch.
    "spark.dynamicAllocation.initialExecutors": "1",
    # One core per executor, so dynamic allocation knows what it asks for (else Spark warns at every start).
    "spark.executor.cores": "1",
    # The console progress bar is terminal art; in a cell it is noise.
    "spark.ui.showConsoleProgress": "false",
}


def _spark_defaults(path=os.path.join(os.environ.get("SPARK_CONF_DIR", "/opt/spark/conf"), "spark-defaults.conf")):
    try:
        with open(path) as f:
            return {line.split(None, 1)[0] for line in f if line.strip() and not line.startswith("#")}
    except OSError:
        return set()


def _forward(stream):
    for line in iter(stream.readline, b""):
        text = line.decode("utf-8", "replace")
        if not _NOISE.search(text):
            sys.stderr.write(text)


def _start_warehouse_filesystem(gateway):
    """Starts the filesystem of the warehouse on the bucket (s3a: ~0.6 s, measured) while the SparkContext starts.

    Otherwise the first query starts it, when the session's shared state qualifies the warehouse path. Hadoop
    caches a filesystem per scheme, bucket and user, so Spark's own lookup then gets this one: made from the same
    configuration (spark-defaults, which spark-submit put in the JVM's system properties) as Spark makes it. A
    failure here changes nothing: the first query starts it again and reports what is wrong.
    """
    try:
        jvm = gateway.jvm
        sparkConf = jvm.org.apache.spark.SparkConf(True)
        warehouse = sparkConf.get("spark.sql.warehouse.dir", "")
        if warehouse.startswith("s3a://"):
            hadoopConf = jvm.org.apache.spark.deploy.SparkHadoopUtil.get().newConfiguration(sparkConf)
            jvm.org.apache.hadoop.fs.Path(warehouse).getFileSystem(hadoopConf)
    except Exception:  # noqa: BLE001 - only a head start
        pass


def _plan_a_query(spark):
    """Plans and generates code for a small aggregate query on the driver, running no job.

    A fresh driver's first query otherwise pays for the parser's, the planner's and the code generator's first
    use. Only against a cluster, where that first query also starts a fresh executor's work: the session is
    ready ~1 s later and the first query takes ~0.9 s less (2.4 s → 1.5 s, measured), so a cell run at once
    waits as long as before and one run later answers sooner. In local mode the first query is already near
    the floor. A failure is no error: the first query then pays instead.
    """
    try:
        query = spark.sql("SELECT id % 2 AS k, sum(id) AS s FROM range(1) GROUP BY 1")._jdf.queryExecution()
        query.explainString(spark.sparkContext._jvm.org.apache.spark.sql.execution.ExplainMode.fromString("codegen"))
    except Exception:  # noqa: BLE001 - only a head start
        pass


def _start(result):
    started = time.time()
    try:
        from pyspark import SparkConf, SparkContext
        from pyspark.java_gateway import launch_gateway
        from pyspark.sql import SparkSession

        # jupyter_server names the notebook a kernel serves; the Spark UI and the history server show it.
        notebook = os.path.basename(os.environ.get("JPY_SESSION_NAME", "")) or "kernel"
        conf = SparkConf().setAppName("notebook " + notebook)
        given = _spark_defaults()
        for key, value in _SESSION_DEFAULTS.items():
            if key not in given:
                conf.set(key, value)
        gateway = launch_gateway(conf=conf, popen_kwargs={"stderr": subprocess.PIPE})
        threading.Thread(target=_forward, args=(gateway.proc.stderr,), daemon=True, name="spark-jvm-stderr").start()
        warm = threading.Thread(target=_start_warehouse_filesystem, args=(gateway,), daemon=True, name="spark-warehouse-fs")
        warm.start()
        sc = SparkContext(conf=conf, gateway=gateway)
        spark = SparkSession.builder.getOrCreate()
        warm.join()
        # The session's shared state is otherwise made by the first query (it qualifies the warehouse path).
        spark._jsparkSession.sharedState()
        if sc.master.startswith("spark://"):
            _plan_a_query(spark)
        result["spark"] = spark
        result["sc"] = sc
        result["seconds"] = time.time() - started
    except BaseException as error:  # shown in the first cell that uses Spark
        result["error"] = error


def _ui_link(sc):
    published = os.environ.get("CDKTF_SPARK_UI_URL")
    port = (sc.uiWebUrl or "").rsplit(":", 1)[-1]
    if published and port == "4040":
        return published
    return "not published (this session's UI is on port %s inside the container; only the first session's, 4040, is)" % port


def _runtime_line(spark):
    """What the image's Databricks Runtime profile matches and what differs, as found in this kernel (None without one)."""
    try:
        with open("/usr/local/lib/cdktf-spark/runtime.json") as f:
            runtime = json.load(f)
    except OSError:
        return None
    from importlib import metadata

    def installed(name):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "none"

    same, differs = [], []
    python = platform.python_version()
    if python == runtime["python"] or python.startswith(runtime["python"] + "."):
        same.append("Python " + python)
    else:
        differs.append("Python %s (Databricks %s)" % (python, runtime["python"]))
    differs.append("Spark %s (Databricks %s)" % (spark.version, runtime["spark"]))
    if runtime.get("delta"):
        differs.append("Delta Lake %s, the open-source build" % runtime["delta"])
    for name, version in runtime["libraries"].items():
        here = installed(name)
        if here == version:
            same.append("%s %s" % (name, here))
        else:
            differs.append("%s %s (Databricks %s)" % (name, here, version))
    return "%s profile: as on Databricks: %s; differs: %s." % (runtime["name"], ", ".join(same) or "nothing", ", ".join(differs))


def _install(ip):
    result = {}
    thread = threading.Thread(target=_start, args=(result,), daemon=True, name="spark-session")
    thread.start()
    ready = threading.Lock()

    def session():
        """The session, once: waits for the background start (or starts it here if that failed); None if it cannot start."""
        with ready:
            thread.join()
            if "error" in result and "retried" not in result:
                # Seen once in the e2e: pyspark not importable from the background thread at kernel start, while
                # the kernel's own thread imports it. The first cell waits for a start in its own thread instead.
                background = result.pop("error")
                result["retried"] = True
                print("The Spark session did not start in the background (%r); starting it now." % (background,), file=sys.stderr)
                _start(result)
            return result.get("spark")

    def before_cell(info=None):
        cell = getattr(info, "raw_cell", "") or ""
        if thread.is_alive() and not _USES_SPARK.search(cell):
            return
        ip.events.unregister("pre_run_cell", before_cell)
        spark = session()
        if spark is None:
            print("The Spark session could not start: %r. Create one yourself with SparkSession.builder.getOrCreate()." % (result["error"],), file=sys.stderr)
            return
        sc = result["sc"]
        ip.user_ns.setdefault("spark", spark)
        ip.user_ns.setdefault("sc", sc)
        print("Spark %s session ready as `spark` (and `sc`) on %s, started in %.1f s. Spark UI: %s"
              % (spark.version, sc.master, result["seconds"], _ui_link(sc)))
        line = _runtime_line(spark)
        if line:
            print(line)

    def get_spark():
        spark = session()
        if spark is None:
            raise RuntimeError("the kernel's Spark session could not start: %r" % (result["error"],))
        return spark

    ip.events.register("pre_run_cell", before_cell)
    return get_spark


def install(ip):
    """Starts the session unless CDKTF_SPARK_SESSION=off, and gives the kernel Databricks' notebook habits; called by the startup file."""
    if ip is None:
        return
    from . import install_habits

    # pyspark 4 logs each failing SQL statement's context as a JSON line on stderr before raising the same error.
    logging.getLogger("SQLQueryContextLogger").setLevel(logging.CRITICAL)

    if os.environ.get("CDKTF_SPARK_SESSION", "on") == "off":
        from pyspark.sql import SparkSession

        get_spark = SparkSession.builder.getOrCreate
    else:
        get_spark = _install(ip)
    try:
        install_habits(ip, get_spark)
    except Exception as error:  # a startup file's error reaches only the kernel's log: say it in the first cell
        def say(info=None):
            ip.events.unregister("pre_run_cell", say)
            print("display, %%sql and dbutils are not available in this kernel: %r" % (error,), file=sys.stderr)

        ip.events.register("pre_run_cell", say)
