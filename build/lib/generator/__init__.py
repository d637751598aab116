"""noticeboard: static sites and printable notice sheets for residential compounds.

The pipeline, one module per stage, in the order it runs:
load -> validate -> (model) -> privacy -> site -> render -> write, driven by build.
"""

__version__ = "0.1.0"
