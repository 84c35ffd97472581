"""The error table as the extension module gives it: _core.error_codes() (av_error.h's
AV_ERRNO_MAP, OK first) and the keys of stats()["rejected"] once the engine has started. No view
is needed."""
from harness import report

import auroraview
from auroraview import _core, webview

webview._start()
report({"codes": [list(row) for row in _core.error_codes()], "rejected": auroraview.stats()["rejected"]})
