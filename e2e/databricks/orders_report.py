# Databricks notebook source
# MAGIC %md
# MAGIC # Orders report
# MAGIC Exported from Databricks as "Source file": run here headless with `-p region <name>`.

# COMMAND ----------

# MAGIC %run ./report_helpers

# COMMAND ----------

dbutils.widgets.text("region", "north", "Region")
region = dbutils.widgets.get("region")

# COMMAND ----------

# DBTITLE 1,Orders of the region
# MAGIC %sql
# MAGIC -- two statements, comments allowed
# MAGIC CREATE OR REPLACE TEMPORARY VIEW report_orders AS
# MAGIC SELECT id, CASE WHEN id % 2 = 0 THEN 'south' ELSE 'north' END AS region, id * 1.5 AS amount FROM range(100);
# MAGIC SELECT count(*) AS orders FROM report_orders WHERE region = '${region}'

# COMMAND ----------

orders = _sqldf.first().orders
display(_sqldf)

# COMMAND ----------

# MAGIC %fs ls file:/home/spark/notebooks/

# COMMAND ----------

dbutils.notebook.exit(f"{banner(region)}: {orders} orders")
