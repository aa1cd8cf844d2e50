"""The e2e's Spark Connect client, run on the host with the thin pyspark-client.

Usage: python connect_client.py URL roundtrip BUCKET   read the cluster job's rows, write and read a new dataset
       python connect_client.py URL ping                a query that needs the server to accept the URL's token
       python connect_client.py URL tables T...         the catalog's tables, and the rows of each of T
Prints CONNECT_* lines; exits non-zero on any error (the message on stderr).
"""
import sys

from pyspark.sql import SparkSession

url, action = sys.argv[1], sys.argv[2]
spark = SparkSession.builder.remote(url).getOrCreate()
if action == "ping":
    print("CONNECT_PING", spark.range(10).count())
elif action == "tables":
    print("CONNECT_TABLES", sorted(t.name for t in spark.catalog.listTables()))
    for table in sys.argv[3:]:
        print("CONNECT_ROWS", table, spark.table(table).count())
else:
    bucket = sys.argv[3]
    print("CONNECT_READ", spark.read.parquet(f"s3a://{bucket}/e2e/job").count())
    spark.range(30000).selectExpr("id", "id % 3 AS part").write.mode("overwrite").parquet(f"s3a://{bucket}/e2e/connect")
    print("CONNECT_WROTE", spark.read.parquet(f"s3a://{bucket}/e2e/connect").count())
spark.stop()
