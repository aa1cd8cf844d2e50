"""SparkSession.builder...getOrCreate() over the running session: what it applies and the one line it prints."""
from fakes import FakeConf
from cdktf_spark_notebook.builder import apply_to_running

RUNNING = {"spark.app.name": "notebook Untitled.ipynb", "spark.sql.shuffle.partitions": "200"}


def test_the_seed_cells_options_runtime_ones_applied_static_ones_named():
    conf = FakeConf({"spark.sql.shuffle.partitions"}, RUNNING)
    line = apply_to_running(conf, {"spark.app.name": "x", "spark.executor.memory": "2g", "spark.sql.shuffle.partitions": "8"})
    assert line == ("The notebook's Spark session was already running: spark.app.name, spark.executor.memory could not take effect "
                    "(set them in the workbench's sparkProperties); spark.sql.shuffle.partitions did.")
    assert conf.values["spark.sql.shuffle.partitions"] == "8"


def test_one_static_option_and_none_applied():
    line = apply_to_running(FakeConf((), RUNNING), {"spark.executor.memory": "2g"})
    assert line == ("The notebook's Spark session was already running: spark.executor.memory could not take effect "
                    "(set it in the workbench's sparkProperties).")


def test_quiet_when_everything_took_effect_or_already_held():
    conf = FakeConf({"spark.sql.shuffle.partitions"}, RUNNING)
    assert apply_to_running(conf, {"spark.sql.shuffle.partitions": "8", "spark.app.name": "notebook Untitled.ipynb"}) is None
