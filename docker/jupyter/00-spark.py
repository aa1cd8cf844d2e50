# Predefines `spark` and `sc` in every kernel (see cdktf_spark_notebook), leaving nothing else in its namespace.
import cdktf_spark_notebook
cdktf_spark_notebook.install(get_ipython())  # noqa: F821 (IPython's own)
del cdktf_spark_notebook
