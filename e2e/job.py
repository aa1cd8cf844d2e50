"""The e2e batch job: write a dataset to s3a, read it back, check the row count.

Usage: spark-submit ... job.py s3a://bucket/prefix ROWS [PARTITIONS SECONDS]
With PARTITIONS and SECONDS the rows are made by that many tasks, each
pausing SECONDS first: a job long enough to lose a host while it runs.
Prints E2E_ROWS with the count read back, the master, the application id and
the committer that committed the output (from its _SUCCESS manifest: the S3A
committers write JSON there, the classic committer an empty file), once a
pandas UDF on the executors has summed the ids read back exactly.
"""
import json
import sys
import time

from pyspark.sql import SparkSession

path, rows = sys.argv[1], int(sys.argv[2])
spark = SparkSession.builder.appName("cdktf-spark-e2e-job").getOrCreate()
if len(sys.argv) > 4:
    parts, pause = int(sys.argv[3]), float(sys.argv[4])

    def part(i):
        time.sleep(pause)
        return [(j, j % 7) for j in range(i * rows // parts, (i + 1) * rows // parts)]

    rdd = spark.sparkContext.parallelize(range(parts), parts).flatMap(part)
    data = spark.createDataFrame(rdd, "id long, bucket long")
else:
    data = spark.range(rows).selectExpr("id", "id % 7 AS bucket")
data.write.mode("overwrite").parquet(path)
count = spark.read.parquet(path).count()
# Through Hadoop's FileSystem: Spark's file readers skip names starting with "_".
jvm = spark.sparkContext._jvm
marker = jvm.org.apache.hadoop.fs.Path(f"{path}/_SUCCESS")
stream = marker.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).open(marker)
success = jvm.org.apache.commons.io.IOUtils.toString(stream, "UTF-8").strip()
stream.close()
committer = json.loads(success).get("committer", "unknown") if success else "classic"
# The executors' Python holds the image's data stack: a pandas UDF (Arrow) over what was read back.
import pandas as pd  # noqa: E402
from pyspark.sql.functions import pandas_udf  # noqa: E402


@pandas_udf("long")
def plus_one(ids: pd.Series) -> pd.Series:
    return ids + 1


udf_sum = spark.read.parquet(path).select(plus_one("id").alias("n")).groupBy().sum("n").first()[0]
if udf_sum != rows * (rows + 1) // 2:
    sys.exit(f"the pandas UDF summed {udf_sum}, expected {rows * (rows + 1) // 2}")
print(f"E2E_ROWS {count} master={spark.sparkContext.master} app={spark.sparkContext.applicationId} committer={committer}")
spark.stop()
if count != rows:
    sys.exit(f"expected {rows} rows, read {count}")
