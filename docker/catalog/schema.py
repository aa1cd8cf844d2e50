"""The catalog's one-time schema creation, run by a one-shot container before any driver starts.

Spark's built-in Hive client keeps the metastore in the catalog's PostgreSQL database. Its
tables are created here, all of them at once: DataNucleus is told to start with every
persistent class of Hive's own package.jdo (from the image's hive-metastore jar) and to create
what is missing. Drivers then run with schema creation off, so two of them never race to
create one table. Creating the default database puts its location on the warehouse. Run
again on a complete schema, it changes nothing.
"""
import glob
import re
import zipfile

from pyspark.sql import SparkSession

jar = glob.glob("/opt/spark/jars/hive-metastore-*.jar")[0]
jdo = zipfile.ZipFile(jar).read("package.jdo").decode()
package = re.search(r'<package name="([\w.]+)"', jdo).group(1)
classes = ",".join(f"{package}.{name}" for name in re.findall(r'<class name="(\w+)"', jdo))

spark = (
    SparkSession.builder.appName("catalog schema")
    .config("spark.hadoop.datanucleus.schema.autoCreateAll", "true")
    .config("spark.hadoop.datanucleus.autoStartMechanism", "Classes")
    .config("spark.hadoop.datanucleus.autoStartClassNames", classes)
    # Hive's schema version in its VERSION table, so no driver warns that it is missing.
    .config("spark.hadoop.hive.metastore.schema.verification.record.version", "true")
    .enableHiveSupport()
    .getOrCreate()
)
databases = [row[0] for row in spark.sql("SHOW DATABASES").collect()]
print(f"catalog schema ready: {len(classes.split(','))} persistent classes, databases {databases}, warehouse {spark.conf.get('spark.sql.warehouse.dir')}")
spark.stop()
