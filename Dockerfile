# syntax=docker/dockerfile:1
# Build stage: install the project into a virtual environment.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY pyproject.toml README.md ./
COPY app ./app
RUN pip install .

# Runtime stage: the venv, the templates, static files, migrations and demo data; no compiler.
FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 \
    PARALLAX_DATABASE_URL=sqlite:////data/parallax.db \
    PARALLAX_TEMPLATES_DIR=/app/templates PARALLAX_STATIC_DIR=/app/static PARALLAX_DEMO_DIR=/app/demo
RUN useradd --system --uid 10001 --home /app parallax && mkdir -p /data && chown parallax /data
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY alembic.ini ./
COPY migrations ./migrations
COPY templates ./templates
COPY static ./static
COPY demo ./demo
USER parallax
EXPOSE 8000
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"
# `parallax serve` applies migrations before it starts serving.
CMD ["parallax", "serve", "--host", "0.0.0.0", "--port", "8000"]
