"""A batch job that reads the catalog: spark-submit ... tables_job.py TABLE...

Prints TABLES with every table of the default database and ROWS <table> <count> for each one
named, as a notebook would see them.
"""
import sys

from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("cdktf-spark-e2e-tables").getOrCreate()
print("TABLES", sorted(t.name for t in spark.catalog.listTables()))
for table in sys.argv[1:]:
    print("ROWS", table, spark.table(table).count())
spark.stop()
