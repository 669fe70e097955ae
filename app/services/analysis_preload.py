"""Imported only by the analysis forkserver (see analysis_worker): importing it ties the forkserver's
life to the server process that started it (so its children, tied to it, go too), then loads and
warms the analysis, so each child forked for a comparison starts with the analysis ready."""

import os
import signal

from app.services.analysis_worker import PARENT_ENV, warm
from app.services.processes import die_with_parent

die_with_parent(signal.SIGKILL, int(os.environ.get(PARENT_ENV) or 0) or None)
warm()
