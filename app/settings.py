"""Configuration, read once from the environment (prefix PARALLAX_) or a .env file."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
# However many articles a site allows per comparison, a request naming more ids than this is refused unread.
MOST_ARTICLES_PER_COMPARISON = 1000
LOOPBACK_HOSTS = {"127.0.0.1", "::1", "localhost"}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PARALLAX_", env_file=".env", extra="ignore")

    database_url: str = Field("sqlite:///./data/parallax.db", description="SQLAlchemy URL of the database")
    demo: bool = Field(True, description="load the bundled demo story into an empty database")
    max_upload_bytes: int = Field(5_000_000, gt=0, description="largest article text or file accepted, in bytes")
    max_articles_per_comparison: int = Field(
        50, gt=1, le=MOST_ARTICLES_PER_COMPARISON, description="most articles one comparison may hold"
    )
    upload_token: str | None = Field(None, description="when set, adding articles requires this token")
    admin_token: str | None = Field(None, description="when set, enables editing, moving and deleting")
    open_corrections: bool = Field(
        False,
        description="let anyone correct comparisons (merge claims, split passages, dismiss discrepancies); "
        "otherwise it needs the upload or admin token",
    )
    web_runs_jobs: bool = Field(True, description="PostgreSQL: web processes also run background jobs")
    # Every analysis a server runs happens in a child process with these budgets (services/analysis_worker.py).
    analysis_timeout_seconds: float = Field(
        120.0, gt=0, le=86_400, description="wall time one comparison's analysis may take before it is marked failed"
    )
    analysis_memory_mb: int = Field(
        1024, ge=16, le=1_048_576, description="memory one comparison's analysis may allocate, in MB, before it fails"
    )
    analysis_wait_seconds: float = Field(
        1.0,
        ge=0,
        le=60,
        description="how long the request that creates a comparison waits for its result before answering "
        "with the link (small comparisons are then ready on the first view)",
    )
    job_lease_seconds: float = Field(
        20.0,
        ge=1,
        le=3600,
        description="a running comparison's claim lapses this long after its worker last renewed it; "
        "a lapsed claim (the worker died) is taken up again by any runner's sweep",
    )
    job_max_attempts: int = Field(
        3, ge=1, le=100, description="times a comparison is started before it is marked failed for good"
    )
    # Signs the CSRF tokens of forms. Random per process when unset: set it when several
    # worker processes serve the same site, so a form from one is accepted by another.
    secret_key: str = Field(default_factory=lambda: secrets.token_urlsafe(32), min_length=16, repr=False)
    # Adding by URL: the server fetches only public pages (app/services/fetch.py says how).
    fetch_allow_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="host names (comma-separated) that may be fetched although they resolve to a loopback or "
        "private address; link-local addresses such as 169.254.169.254 stay refused",
    )
    fetch_connect_timeout: float = Field(5.0, gt=0, le=60, description="seconds to wait for a connection")
    fetch_timeout: float = Field(20.0, gt=0, le=300, description="seconds a whole fetch may take, redirects included")
    fetch_max_bytes: int = Field(5_000_000, gt=0, description="largest page fetched, in bytes (after decompression)")
    trust_proxy_headers: bool = Field(
        False, description="believe X-Forwarded-Proto and X-Forwarded-For (only behind your own proxy)"
    )
    # Creating comparisons (and fetching pages by URL) costs CPU anyone could spend: rate-limited per
    # client address, per process. Unset, it is on unless the server listens on loopback only.
    rate_limit: bool | None = Field(
        None,
        description="limit how fast one client creates comparisons and fetches pages; unset: on unless "
        "bound to 127.0.0.1/::1/localhost",
    )
    rate_limit_count: int = Field(10, ge=1, le=100_000, description="comparisons (and fetches) one client may start…")
    rate_limit_seconds: float = Field(60.0, gt=0, le=86_400, description="…per this many seconds (a token bucket)")
    comparisons_need_token: bool = Field(
        False, description="creating comparisons needs the upload token (PARALLAX_UPLOAD_TOKEN must be set)"
    )
    # Where `parallax serve` listens: it sets this for its workers, so the rate limit's default knows.
    bind_host: str | None = Field(None, description="set by `parallax serve` from --host; not for users")
    templates_dir: Path = ROOT / "templates"
    static_dir: Path = ROOT / "static"
    demo_dir: Path = ROOT / "demo"

    @field_validator("fetch_allow_hosts", mode="before")
    @classmethod
    def _host_list(cls, value: object) -> object:
        if isinstance(value, str):  # from the environment: "news.test, localhost"
            return [name.strip() for name in value.split(",") if name.strip()]
        return value

    @property
    def rate_limited(self) -> bool:
        """Whether the rate limit is on: as set, else on when the server may be reached from elsewhere."""
        if self.rate_limit is not None:
            return self.rate_limit
        return (self.bind_host or "127.0.0.1").strip("[]").lower() not in LOOPBACK_HOSTS

    @model_validator(mode="after")
    def _token_for_comparisons(self) -> Settings:
        if self.comparisons_need_token and self.upload_token is None:
            raise ValueError("PARALLAX_COMPARISONS_NEED_TOKEN needs PARALLAX_UPLOAD_TOKEN to be set")
        return self

    @field_validator("upload_token", "admin_token")
    @classmethod
    def _refuse_weak_tokens(cls, value: str | None) -> str | None:
        # An empty or guessable token would silently open what it is meant to guard.
        if value is None or value == "":
            return None
        if len(value) < 16 or value.lower() in {"changethis", "changeme", "secret", "password"}:
            raise ValueError("tokens must be at least 16 characters and not a placeholder")
        return value


@lru_cache
def get_settings() -> Settings:
    return Settings()
