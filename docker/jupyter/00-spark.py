# Predefines `spark` and `sc` and Databricks' notebook habits (display, %sql, dbutils, …) in every kernel
# (see cdktf_spark_notebook), leaving nothing else in its namespace.
import cdktf_spark_notebook.session
cdktf_spark_notebook.session.install(get_ipython())  # noqa: F821 (IPython's own)
del cdktf_spark_notebook
