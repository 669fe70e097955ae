"""The safe fetcher against a real local server: what it fetches, and every refusal with its reason."""

from __future__ import annotations

import asyncio
import ipaddress
import ssl
import time
from urllib.parse import quote

import pytest
import trustme

from app.services.fetch import FetchedPage, FetchError, FetchPolicy, address_kind, fetch_page
from app.settings import Settings
from tests.fetch_server import serve

# The server listens on 127.0.0.1; "news.test" is a name the tests' resolver maps to it.
NAME = "news.test"


def fetch_page_blocking(url: str, policy: FetchPolicy) -> FetchedPage:
    return asyncio.run(fetch_page(url, policy))


def resolver(table: dict[str, list[str]]):
    def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise OSError(f"no such host {host}")
        return table[host]

    return resolve


@pytest.fixture(scope="module")
def server() -> str:
    with serve() as base:
        yield base


@pytest.fixture
def port(server: str) -> int:
    return int(server.rsplit(":", 1)[1])


@pytest.fixture
def policy() -> FetchPolicy:
    """Allows news.test (and only it) to lead to the local server."""
    return FetchPolicy(
        allow_hosts=frozenset({NAME}),
        connect_timeout=2,
        total_timeout=3,
        max_bytes=200_000,
        resolver=resolver({NAME: ["127.0.0.1"], "private.test": ["10.20.30.40"]}),
    )


def refusal(url: str, policy: FetchPolicy) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetch_page_blocking(url, policy)
    return caught.value


def test_a_page_is_fetched_with_its_type_and_charset(policy, port):
    page = fetch_page_blocking(f"http://{NAME}:{port}/article/spring", policy)
    assert page.content_type == "text/html"
    assert page.charset == "utf-8"
    assert b"swing bridge for spring repairs" in page.body
    assert page.url == page.final_url == f"http://{NAME}:{port}/article/spring"


def test_plain_text_is_accepted(policy, port):
    page = fetch_page_blocking(f"http://{NAME}:{port}/plain", policy)
    assert page.content_type == "text/plain"
    assert page.body.startswith(b"The ferry")


def test_redirects_are_followed_and_recorded(policy, port):
    page = fetch_page_blocking(f"http://{NAME}:{port}/hops/3", policy)
    assert page.final_url == f"http://{NAME}:{port}/article/hops"
    assert len(page.redirects) == 4
    assert b"hops repairs" in page.body


def test_a_relative_redirect_is_resolved_against_the_page(policy, port):
    page = fetch_page_blocking(f"http://{NAME}:{port}/redirect?to=/article/relative&status=307", policy)
    assert page.final_url == f"http://{NAME}:{port}/article/relative"


def test_more_than_five_redirects_are_refused(policy, port):
    assert fetch_page_blocking(f"http://{NAME}:{port}/hops/4", policy).redirects  # five: fine
    error = refusal(f"http://{NAME}:{port}/hops/5", policy)
    assert error.reason == "redirects"
    assert "more than 5" in error.message


def test_a_redirect_to_loopback_is_refused_when_not_allowed(policy, port):
    target = quote(f"http://127.0.0.1:{port}/article/inside", safe="")
    error = refusal(f"http://{NAME}:{port}/redirect?to={target}", policy)
    assert error.reason == "address"
    assert "127.0.0.1" in error.message and "loopback" in error.message
    assert "PARALLAX_FETCH_ALLOW_HOSTS" in error.message


def test_a_redirect_to_the_metadata_address_is_refused_even_when_allowed(policy, port):
    allowing = FetchPolicy(**{**policy.__dict__, "allow_hosts": frozenset({NAME, "169.254.169.254"})})
    target = quote("http://169.254.169.254/latest/meta-data/", safe="")
    error = refusal(f"http://{NAME}:{port}/redirect?to={target}", allowing)
    assert error.reason == "address"
    assert "link-local" in error.message and "never" in error.message


def test_a_redirect_to_another_scheme_is_refused(policy, port):
    error = refusal(f"http://{NAME}:{port}/redirect?to={quote('file:///etc/passwd', safe='')}", policy)
    assert error.reason == "scheme"


def test_loopback_is_refused_without_the_setting(port):
    error = refusal(f"http://127.0.0.1:{port}/article/spring", FetchPolicy(total_timeout=3))
    assert error.reason == "address" and error.status_code == 422


def test_a_name_resolving_to_a_private_address_is_refused_before_connecting(policy):
    start = time.monotonic()
    error = refusal("http://private.test/article", policy)
    assert error.reason == "address"
    assert "10.20.30.40" in error.message and "private" in error.message
    assert time.monotonic() - start < 1  # no connection attempt to 10.20.30.40 was made


def test_one_private_address_among_public_ones_refuses_the_host(policy):
    mixed = FetchPolicy(resolver=resolver({"mixed.test": ["93.184.215.14", "192.168.1.10"]}))
    assert refusal("http://mixed.test/", mixed).reason == "address"


def test_the_connection_goes_to_the_checked_address(port):
    """A resolver that answers differently the second time (DNS rebinding) is asked only once."""
    answers = iter([["127.0.0.1"], ["169.254.169.254"]])
    calls = []

    def rebinding(host: str, port: int) -> list[str]:
        calls.append(host)
        return next(answers)

    pinned = FetchPolicy(allow_hosts=frozenset({NAME}), total_timeout=3, resolver=rebinding)
    page = fetch_page_blocking(f"http://{NAME}:{port}/article/pinned", pinned)
    assert b"pinned repairs" in page.body
    assert calls == [NAME]


def test_the_host_header_keeps_the_name(policy, port):
    assert fetch_page_blocking(f"http://{NAME}:{port}/host", policy).body == f"host={NAME}:{port}".encode()


def test_an_unknown_host_says_so(policy):
    error = refusal("http://nowhere.test/", policy)
    assert error.reason == "dns" and "nowhere.test" in error.message


@pytest.mark.parametrize("url", ["ftp://news.test/a", "file:///etc/passwd", "javascript:alert(1)", "http:///nohost"])
def test_only_http_and_https_urls(url, policy):
    assert refusal(url, policy).reason == "scheme"


def test_credentials_in_the_url_are_refused(policy, port):
    assert refusal(f"http://user:secret@{NAME}:{port}/article/x", policy).reason == "url"


def test_a_slow_server_is_cut_at_the_time_limit(policy, port):
    start = time.monotonic()
    error = refusal(f"http://{NAME}:{port}/slow", policy)
    took = time.monotonic() - start
    assert error.reason == "timeout" and "3 seconds" in error.message
    assert 2.5 < took < 5


def test_a_silent_server_is_cut_at_the_time_limit(policy, port):
    start = time.monotonic()
    assert refusal(f"http://{NAME}:{port}/silent", policy).reason == "timeout"
    assert time.monotonic() - start < 5


def test_an_endless_body_is_cut_at_the_size_limit(policy, port):
    error = refusal(f"http://{NAME}:{port}/endless", policy)
    assert error.reason == "too_large" and error.status_code == 413
    assert "200,000 bytes" in error.message


def test_a_declared_huge_body_is_refused_before_reading(policy, port):
    error = refusal(f"http://{NAME}:{port}/huge", policy)
    assert error.reason == "too_large" and error.status_code == 413


def test_a_pdf_is_refused_with_415(policy, port):
    error = refusal(f"http://{NAME}:{port}/pdf", policy)
    assert error.status_code == 415 and error.reason == "content_type"
    assert "application/pdf" in error.message


def test_an_error_status_is_reported(policy, port):
    error = refusal(f"http://{NAME}:{port}/missing", policy)
    assert error.reason == "status" and "404" in error.message


def test_the_settings_make_the_policy():
    settings = Settings(
        _env_file=None, fetch_allow_hosts="News.Test, intranet.local", fetch_timeout=7, fetch_max_bytes=1234
    )
    policy = FetchPolicy.from_settings(settings)
    assert policy.allow_hosts == {"news.test", "intranet.local"}
    assert (policy.total_timeout, policy.max_bytes, policy.max_redirects) == (7, 1234, 5)


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("93.184.215.14", "public"),
        ("2606:4700:4700::1111", "public"),
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.0.1", "private"),
        ("fd12:3456::1", "private"),
        ("100.64.0.1", "non-public"),  # carrier-grade NAT
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.251", "multicast"),
        ("ff02::1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
        ("::ffff:169.254.169.254", "link-local"),
        ("::ffff:10.0.0.1", "private"),
        ("2002:a00:1::", "private"),  # 6to4 around 10.0.0.1
        ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64 around 169.254.169.254
        ("64:ff9b::7f00:1", "loopback"),
    ],
)
def test_address_kinds(address, kind):
    assert address_kind(ipaddress.ip_address(address)) == kind


# ---- TLS: the connection goes to the IP, the certificate is checked for the name ---------------


@pytest.fixture(scope="module")
def authority():
    return trustme.CA()


def tls_server(authority, name: str):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert(name).configure_cert(context)
    return serve(tls=context)


def trusting_policy(authority) -> FetchPolicy:
    """news.test leads to 127.0.0.1, and the test's CA is the only one trusted."""
    context = ssl.create_default_context()
    authority.configure_trust(context)
    return FetchPolicy(
        allow_hosts=frozenset({NAME}), total_timeout=5, resolver=resolver({NAME: ["127.0.0.1"]}), verify=context
    )


def test_https_is_verified_for_the_name_while_connecting_to_the_address(authority):
    with tls_server(authority, NAME) as base:
        port = int(base.rsplit(":", 1)[1])
        page = fetch_page_blocking(f"https://{NAME}:{port}/article/secure", trusting_policy(authority))
    assert b"secure repairs" in page.body


def test_https_with_a_certificate_for_another_name_is_refused(authority):
    with tls_server(authority, "other.test") as base:
        port = int(base.rsplit(":", 1)[1])
        error = refusal(f"https://{NAME}:{port}/article/secure", trusting_policy(authority))
    assert error.reason == "tls"
