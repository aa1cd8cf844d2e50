# Databricks notebook source
# MAGIC %md
# MAGIC # Daily orders
# MAGIC
# MAGIC Loads the day's orders and reports them by region. Parameters: `run_date`, `region`.

# COMMAND ----------

# MAGIC %run ./order_helpers

# COMMAND ----------

dbutils.widgets.text("run_date", "2024-01-31", "Run date")
dbutils.widgets.dropdown("region", "north", ["north", "south"], "Region")
run_date = dbutils.widgets.get("run_date")

# COMMAND ----------

# DBTITLE 1,Orders of the day
# MAGIC %sql
# MAGIC -- a view of the day; the ; in this comment is not a separator
# MAGIC CREATE OR REPLACE TEMPORARY VIEW day_orders AS
# MAGIC SELECT * FROM orders WHERE order_date = '${run_date}'; /* two statements */
# MAGIC SELECT region, count(*) AS n FROM day_orders WHERE region = :region GROUP BY region

# COMMAND ----------

# DBTITLE 0,Hidden title
summary = _sqldf.toPandas()
display(summary)

# COMMAND ----------

# MAGIC %fs ls dbfs:/tmp/orders/

# COMMAND ----------

# MAGIC %sh
# MAGIC ls -la /tmp | head -3

# COMMAND ----------

# MAGIC %scala
# MAGIC val orders = spark.table("orders")
# MAGIC display(orders)

# COMMAND ----------

print(banner(run_date))

# COMMAND ----------

# MAGIC %pip install tabulate==0.9.0

# COMMAND ----------

dbutils.notebook.exit(f"{len(summary)} regions")
