"""Imported only by the analysis forkserver (see analysis_worker): importing it loads and warms the
analysis, so each child forked for a comparison starts with the analysis ready."""

from app.services.analysis_worker import warm

warm()
