# syntax=docker/dockerfile:1
# Build stage: install the dependencies (and the `parallax` command) into a virtual environment.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
# A current pip: older ones (Debian's 23.0) do not normalise extras (PEP 685) and skip
# lxml[html_clean], which justext needs at start-up (pyproject also names lxml_html_clean itself).
RUN pip install --no-cache-dir --upgrade pip
COPY pyproject.toml README.md ./
COPY app ./app
# The package itself runs from /app (below): app/settings.py finds alembic.ini, migrations/,
# templates/ and static/ next to the `app` folder, which a site-packages copy would not have.
# Then what the running server never needs goes: the package copy, the libraries' own test suites,
# setuptools, and pip itself (the image installs nothing at run time); the import check proves the
# server's modules (and justext's lxml_html_clean) still load without them.
RUN pip install --no-cache-dir . \
 && pip uninstall -y setuptools \
 && rm -rf /opt/venv/lib/python3.11/site-packages/app \
 && find /opt/venv/lib/python3.11/site-packages -mindepth 2 -depth -type d -name tests -exec rm -rf {} + \
 && python -c "import app.web.main, app.cli, app.services.analysis_worker, lxml_html_clean, justext, trafilatura" \
 && pip uninstall -y pip

# Runtime stage: the venv and the source tree; no compiler, no build files, no tests.
FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH PYTHONPATH=/app PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 \
    PARALLAX_DATABASE_URL=sqlite:////data/parallax.db \
    PARALLAX_TEMPLATES_DIR=/app/templates PARALLAX_STATIC_DIR=/app/static PARALLAX_DEMO_DIR=/app/demo \
    PARALLAX_WORKERS=2
RUN useradd --system --uid 10001 --home /app parallax && mkdir -p /data && chown parallax /data
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY alembic.ini ./
COPY migrations ./migrations
COPY templates ./templates
COPY static ./static
COPY demo ./demo
COPY app ./app
USER parallax
EXPOSE 8000
VOLUME ["/data"]
# The web's check; compose gives the worker service its own (compose.yaml).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"
# `parallax serve` applies the migrations, loads the demo into an empty database, then starts
# PARALLAX_WORKERS uvicorn processes (each exits if this one dies).
CMD ["parallax", "serve", "--host", "0.0.0.0", "--port", "8000"]
