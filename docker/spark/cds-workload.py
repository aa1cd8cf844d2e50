"""Run once at image build by cds.sh, to record the classes a Spark JVM loads:
a session, SQL with generated code, Parquet written and read back, the
catalog, a shuffle and a pandas UDF through Arrow, as a notebook's first
cells and an executor's first tasks do. Local disk only: the build has no
bucket or cluster to reach."""
import importlib.util
import sys

from pyspark.sql import SparkSession

out = sys.argv[1]
spark = SparkSession.builder.master("local[2]").appName("cdktf-spark-cds").getOrCreate()
assert spark.range(1_000_000).selectExpr("sum(id)").first()[0] == 499999500000
spark.range(10_000).selectExpr("id", "id % 7 AS bucket").write.mode("overwrite").partitionBy("bucket").parquet(out + "/rows")
rows = spark.read.parquet(out + "/rows")
assert rows.groupBy("bucket").count().count() == 7

# An image without the Python data stack (pythonDataStack: false) has no pandas UDFs to record.
if importlib.util.find_spec("pandas") and importlib.util.find_spec("pyarrow"):
    import pandas as pd
    from pyspark.sql.functions import pandas_udf

    @pandas_udf("long")
    def plus_one(ids: pd.Series) -> pd.Series:
        return ids + 1

    assert rows.select(plus_one("id").alias("n")).groupBy().sum("n").first()[0] == 10_000 * 10_001 // 2
rows.createOrReplaceTempView("rows")
assert len(spark.sql("SELECT bucket, max(id) FROM rows GROUP BY bucket ORDER BY bucket").collect()) == 7
spark.stop()
