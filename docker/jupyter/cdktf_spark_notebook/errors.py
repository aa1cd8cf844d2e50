"""Errors shared by the notebook habits, and the one-line way some of them are shown."""
import difflib


class OneLineError(Exception):
    """Stops a cell with one line and no traceback: the line says everything, a traceback would
    only show this package's code. (IPython shows what _render_traceback_ returns instead of a traceback.)"""

    def line(self):
        return "%s: %s" % (type(self).__name__, self)

    def _render_traceback_(self):
        return [self.line()]


class UnsupportedCall(OneLineError, AttributeError):
    """A Databricks call this workbench does not have. An AttributeError too, so hasattr() and
    IPython's completion treat the name as absent."""


def closest(name, supported):
    """The supported name most like `name` (difflib), or None when none is close."""
    matches = difflib.get_close_matches(name, list(supported), n=1, cutoff=0.5)
    return matches[0] if matches else None


def unsupported(call, supported, instead=None):
    """The error for `call` (e.g. "dbutils.fs.lss"): what to use instead when known, else the closest
    of `supported` (full call names), else all of them."""
    if instead:
        return UnsupportedCall("%s is not available in this workbench: %s" % (call, instead))
    nearest = closest(call, supported)
    if nearest:
        return UnsupportedCall("%s is not available in this workbench; the closest supported call is %s" % (call, nearest))
    return UnsupportedCall("%s is not available in this workbench; supported: %s" % (call, ", ".join(sorted(supported))))
