from cdktf import App, TerraformOutput, TerraformStack
from cdktf_cdktf_provider_docker.network import Network
from cdktf_cdktf_provider_docker.provider import DockerProvider
from cdktf_cdktf_provider_random.provider import RandomProvider
from cdktf_spark import (
    HistoryServer, JupyterLab, JupyterLabOptions, S3Bucket, Size, SparkImage, SparkImageProps, SparkMaster,
    SparkWorker, SparkWorkbench, SparkWorkerOptions,
)

app = App()
stack = TerraformStack(app, "team-spark")
DockerProvider(stack, "docker")
RandomProvider(stack, "random")  # tokens and secrets

# A whole workbench per construct: two in one stack never share a name, a volume or a port.
SparkWorkbench(stack, "etl", workers=SparkWorkerOptions(count=3, memory=Size.gibibytes(2)))
SparkWorkbench(stack, "ml",
    # Every role (notebook, Connect server, executors) gets polars beside the data stack; ipywidgets is the notebook's alone.
    image=SparkImageProps(spark_version="3.5.8", python_packages=["polars==1.20.0"]),
    port_offset=1000,  # JupyterLab on 9888, master UI on 9080, ...
    jupyter=JupyterLabOptions(pip_packages=["ipywidgets==8.1.5"]),
)

# Or piece by piece, with outputs of your own.
network = Network(stack, "network", name="team-spark-adhoc")
image = SparkImage(stack, "image", spark_version="4.0.3")
bucket = S3Bucket(stack, "lake", network=network, folders=["raw"], host_port=10333)
master = SparkMaster(stack, "master",
    image=image, network=network, bucket=bucket,
    rpc_host_port=10077, ui_host_port=10080, max_cores_per_app=2,
    event_log_dir=f"{bucket.uri}/spark-events",  # created in the bucket at deploy
)
SparkWorker(stack, "workers", master=master, count=2, cores=2, memory=Size.gibibytes(2), ui_port_base=10081)
history = HistoryServer(stack, "history", master=master, ui_host_port=28080)
lab = JupyterLab(stack, "lab", master=master, host_port=10888, spark_ui_host_port=10040)
TerraformOutput(stack, "adhoc_jupyter_url", value=lab.url, sensitive=True)
TerraformOutput(stack, "adhoc_master_ui", value=master.ui_url)
TerraformOutput(stack, "adhoc_history_ui", value=history.ui_url)

app.synth()
