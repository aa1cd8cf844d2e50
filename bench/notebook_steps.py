"""What bench/notebook.ts times, one source for every way: a notebook cell
(the kernel's predefined `spark`), a spark-submit script and the bare-JVM floor.

Usage as a script: notebook_steps.py TARGET [MASTER]. TARGET is where 100k
rows are written and read back (s3a://… or a local path); MASTER, when given,
replaces the session's master (the floor's local[2]). Prints one
`STEP <name> <seconds>` line per step and `STEP_ROWS <n>`: the e2e job's work
(e2e/job.py: 100k rows written, read back, summed by a pandas UDF) after a first query.
"""
import sys
import time

t0 = time.perf_counter()
if "spark" not in globals():
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("bench-notebook-steps")
    if len(sys.argv) > 2:
        builder = builder.master(sys.argv[2])
    spark = builder.getOrCreate()
    print("STEP session %.2f" % (time.perf_counter() - t0), flush=True)
TARGET = globals().get("TARGET") or sys.argv[1]


def timed(name, work):
    start = time.perf_counter()
    result = work()
    print("STEP %s %.2f" % (name, time.perf_counter() - start), flush=True)
    return result


# The first query: a fresh JVM's class loading and JIT are most of it.
timed("first-query", lambda: spark.range(10_000_000).selectExpr("sum(id)").first()[0])


def rows_100k():
    spark.range(100_000).selectExpr("id", "id % 7 AS bucket").write.mode("overwrite").parquet(TARGET)
    return spark.read.parquet(TARGET).count()


print("STEP_ROWS %d" % timed("100k-rows", rows_100k), flush=True)


def pandas_udf_sum():
    # As the e2e job does: Arrow and pandas in the executors' Python, over what was read back.
    import pandas as pd
    from pyspark.sql.functions import pandas_udf

    @pandas_udf("long")
    def plus_one(ids: pd.Series) -> pd.Series:
        return ids + 1

    total = spark.read.parquet(TARGET).select(plus_one("id").alias("n")).groupBy().sum("n").first()[0]
    assert total == 100_000 * 100_001 // 2, total


timed("pandas-udf", pandas_udf_sum)
