"""Runs a command with its output streamed into the running cell as it comes."""
import subprocess
import sys


def stream(command, **popen):
    """Runs `command`, copying its output (stderr merged) to this process's stdout line by line; returns its
    exit status. An interrupted cell (Kernel > Interrupt) takes the command down with it."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace", **popen)
    try:
        for line in process.stdout:
            sys.stdout.write(line)
        return process.wait()
    except BaseException:
        process.kill()
        process.wait()
        raise
