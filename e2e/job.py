"""The e2e batch job: write a dataset to s3a, read it back, check the row count.

Usage: spark-submit ... job.py s3a://bucket/prefix ROWS
"""
import sys

from pyspark.sql import SparkSession

path, rows = sys.argv[1], int(sys.argv[2])
spark = SparkSession.builder.appName("cdktf-spark-e2e-job").getOrCreate()
spark.range(rows).selectExpr("id", "id % 7 AS bucket").write.mode("overwrite").parquet(path)
count = spark.read.parquet(path).count()
print(f"E2E_ROWS {count} master={spark.sparkContext.master} app={spark.sparkContext.applicationId}")
spark.stop()
if count != rows:
    sys.exit(f"expected {rows} rows, read {count}")
