"""Errors shared by the notebook habits, and the one-line way some of them are shown."""
import difflib
import re


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


def _last_word(call):
    return re.split(r"[. ]", call)[-1]


def closest(call, supported):
    """The supported call most like `call` (difflib on their last words: "dbutils.fs.lss" vs "ls", "head", ...),
    or None when none is close."""
    by_word = {_last_word(known): known for known in supported}
    matches = difflib.get_close_matches(_last_word(call), list(by_word), n=1, cutoff=0.5)
    return by_word[matches[0]] if matches else None


def unsupported(call, supported, instead=None):
    """The error for `call` (e.g. "dbutils.fs.lss"): what to use instead when known, else the closest
    of `supported` (full call names), else all of them."""
    if instead:
        return UnsupportedCall("%s is not available in this workbench: %s" % (call, instead))
    nearest = closest(call, supported)
    if nearest:
        return UnsupportedCall("%s is not available in this workbench; the closest supported call is %s" % (call, nearest))
    return UnsupportedCall("%s is not available in this workbench; supported: %s" % (call, ", ".join(sorted(supported))))
