"""SparkSession.builder...getOrCreate() over the kernel's predefined session, quietly.

Notebooks written for Databricks (or for a laptop) start with SparkSession.builder.appName(...).config(...)
.getOrCreate(). Here the session is already running, so pyspark would hand it back through the JVM's
applyModifiableSettings, which logs "WARN SparkSession: Using an existing Spark session; only runtime SQL
configurations will take effect." with no word on which options those were. Patched, getOrCreate applies
the runtime SQL options itself (spark.conf.set where spark.conf.isModifiable) and prints one line naming
those that could not take effect. Without a running session, or for Spark Connect, pyspark's own runs.
"""
import os

_PATCHED = "_cdktf_spark_notebook"


def apply_to_running(conf, options):
    """Sets each option `conf` (a RuntimeConfig) can still change; returns the line to print, or None when
    every option took effect (or already had that value)."""
    applied, ignored = [], []
    for key, value in options.items():
        if conf.isModifiable(key):
            conf.set(key, value)
            applied.append(key)
        elif conf.get(key, None) != value:
            ignored.append(key)
    if not ignored:
        return None
    line = "The notebook's Spark session was already running: %s could not take effect (set %s in the workbench's sparkProperties)" % (
        ", ".join(ignored), "them" if len(ignored) > 1 else "it")
    return line + ("; %s did." % ", ".join(applied) if applied else ".")


def _wants_connect(options):
    return ("spark.remote" in options or options.get("spark.api.mode", "").lower() == "connect"
            or "SPARK_REMOTE" in os.environ or "SPARK_CONNECT_MODE_ENABLED" in os.environ)


def patch_builder():
    """Replaces pyspark's Builder.getOrCreate (once)."""
    from pyspark.sql.session import SparkSession

    original = SparkSession.Builder.getOrCreate
    if getattr(original, _PATCHED, False):
        return

    def getOrCreate(self):
        session = SparkSession._instantiatedSession
        options = dict(self._options)
        if session is None or session._sc._jsc is None or _wants_connect(options):
            return original(self)
        with self._lock:
            line = apply_to_running(session.conf, options)
        if line:
            print(line)
        return session

    getOrCreate.__doc__ = original.__doc__
    setattr(getOrCreate, _PATCHED, True)
    SparkSession.Builder.getOrCreate = getOrCreate


def register(ip):
    """Patches the builder before the first cell that calls getOrCreate, so installing imports no pyspark."""
    def before_cell(info=None):
        if "getOrCreate" in (getattr(info, "raw_cell", "") or ""):
            patch_builder()
            ip.events.unregister("pre_run_cell", before_cell)

    ip.events.register("pre_run_cell", before_cell)
