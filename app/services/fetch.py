"""Fetching one web page for an article, without letting a URL reach the server's own network.

A URL handed to Parallax is untrusted: it may name (or redirect to) the cloud metadata service,
a database on localhost or a router on the office network. So every hop of a fetch:

* takes only http and https URLs without a user name or password;
* resolves the host once and checks every address it resolves to (IPv4 and IPv6, with IPv4
  inside IPv6 unwrapped): loopback, private, shared, link-local, multicast, reserved and
  unspecified addresses are refused, unless the host's name is in ``allow_hosts`` (tests
  and intranets); link-local addresses (169.254.169.254, fe80::/10) are refused always;
* connects to the address it checked, not to a second lookup of the name: the request goes to
  the IP while the Host header, TLS SNI and certificate verification keep the name;
* follows at most ``MAX_REDIRECTS`` redirects, each checked again from the start;
* accepts only HTML or plain text, and stops reading past ``max_bytes`` (counted after
  decompression) or when ``total_timeout`` is spent, connection and redirects included.

Each refusal is a :class:`FetchError` (a UserError on the ``url`` field) whose ``reason`` names
the check, so forms, the API and bulk results all say why. No storage here: callers get bytes.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import httpx

from app.services.errors import UserError
from app.settings import Settings

MAX_REDIRECTS = 5
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
PAGE_TYPES = {"text/html", "application/xhtml+xml", "text/plain"}
USER_AGENT = "Parallax/0.1 (news comparison; fetches one page a user asked for)"
ALLOW_SETTING = "PARALLAX_FETCH_ALLOW_HOSTS"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# (host, port) -> the addresses it resolves to. Tests hand in their own to play DNS.
Resolver = Callable[[str, int], Sequence[str]]

# IPv6 prefixes that carry an IPv4 address in their last 32 bits (NAT64, RFC 6052 and 8215).
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


class FetchError(UserError):
    """A page that was not fetched, and why; ``reason`` is one word a program can test."""

    def __init__(self, message: str, *, reason: str, status_code: int = 422):
        super().__init__(message, field="url", extra={"reason": reason})
        self.reason = reason
        self.status_code = status_code


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for ``host``, in its order, without repeats."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True)
class FetchPolicy:
    """The limits of one fetch; :meth:`from_settings` reads them from PARALLAX_FETCH_*."""

    allow_hosts: frozenset[str] = frozenset()
    connect_timeout: float = 5.0
    total_timeout: float = 20.0
    max_bytes: int = 5_000_000
    max_redirects: int = MAX_REDIRECTS
    resolver: Resolver = system_resolver
    # True: the system's trusted certificates. Tests hand in a context trusting their own CA.
    verify: ssl.SSLContext | bool = field(default=True, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings, **overrides) -> FetchPolicy:
        values = {
            "allow_hosts": frozenset(_host_key(name) for name in settings.fetch_allow_hosts),
            "connect_timeout": settings.fetch_connect_timeout,
            "total_timeout": settings.fetch_timeout,
            "max_bytes": settings.fetch_max_bytes,
        }
        return cls(**{**values, **overrides})


@dataclass(frozen=True)
class FetchedPage:
    """What a server sent for a URL: the body undecoded, with what it said about it."""

    url: str  # as given
    final_url: str  # after redirects
    content_type: str
    charset: str | None
    body: bytes
    redirects: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Hop:
    """One checked request: the URL asked for, its host and the addresses allowed for it."""

    url: httpx.URL
    host: str  # ASCII (IDNA) form, as DNS, SNI and the Host header want it
    addresses: tuple[IPAddress, ...]

    def pinned(self, address: IPAddress) -> httpx.URL:
        return self.url.copy_with(host=str(address), fragment=None)

    @property
    def host_header(self) -> str:
        return self.host if self.url.port is None else f"{self.host}:{self.url.port}"


async def fetch_page(url: str, policy: FetchPolicy) -> FetchedPage:
    """Fetch ``url`` under ``policy``; raise FetchError saying which check stopped it."""
    try:
        async with asyncio.timeout(policy.total_timeout):
            return await _fetch(url, policy)
    except TimeoutError:
        raise FetchError(
            f"The page did not arrive within {policy.total_timeout:g} seconds.", reason="timeout"
        ) from None


async def _fetch(url: str, policy: FetchPolicy) -> FetchedPage:
    timeout = httpx.Timeout(policy.total_timeout, connect=policy.connect_timeout)
    headers = {"user-agent": USER_AGENT, "accept": "text/html, application/xhtml+xml, text/plain;q=0.8"}
    # trust_env=False: a proxy from the environment would resolve names itself, unchecked.
    async with httpx.AsyncClient(timeout=timeout, verify=policy.verify, trust_env=False, headers=headers) as client:
        current = url
        redirects: list[str] = []
        for _ in range(policy.max_redirects + 1):
            hop = await _checked_hop(current, policy)
            response = await _send(client, hop)
            try:
                if response.status_code not in REDIRECT_STATUSES:
                    return await _read(response, url, str(hop.url), tuple(redirects), policy)
                current = _redirect_target(response, hop)
                redirects.append(current)
            finally:
                await response.aclose()
    raise FetchError(f"The page redirected more than {policy.max_redirects} times.", reason="redirects")


async def _checked_hop(url: str, policy: FetchPolicy) -> _Hop:
    parsed = _parse(url)
    host = parsed.raw_host.decode("ascii").lower()
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    literal = _ip(host)
    if literal is not None:
        addresses: list[IPAddress] = [literal]
    else:
        addresses = [_ip_or_refuse(a, host) for a in await _resolve(host, port, policy)]
    allowed = _host_key(host) in policy.allow_hosts
    for address in addresses:
        _refuse_address(host, address, allowed)
    return _Hop(url=parsed, host=host, addresses=tuple(addresses))


def _parse(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError, UnicodeError):
        raise FetchError("That is not a URL Parallax can read.", reason="url") from None
    if parsed.scheme not in {"http", "https"} or not parsed.raw_host:
        raise FetchError("Only http:// and https:// addresses with a host name can be fetched.", reason="scheme")
    if parsed.userinfo:
        raise FetchError("The URL carries a user name or password; Parallax does not send those.", reason="url")
    return parsed


async def _resolve(host: str, port: int, policy: FetchPolicy) -> Sequence[str]:
    try:
        found = await asyncio.to_thread(policy.resolver, host, port)
    except (OSError, UnicodeError):
        found = []
    if not found:
        raise FetchError(f"The host {host} could not be found.", reason="dns")
    return found


def _ip(text: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return None


def _ip_or_refuse(text: str, host: str) -> IPAddress:
    address = _ip(text.split("%")[0])  # an IPv6 scope ("fe80::1%eth0") is link-local anyway
    if address is None:
        raise FetchError(f"The host {host} resolved to something that is not an address.", reason="dns")
    return address


def _host_key(name: str) -> str:
    name = name.strip().lower().rstrip(".")
    try:
        return name.encode("idna").decode("ascii")
    except UnicodeError:
        return name


def _refuse_address(host: str, address: IPAddress, allowed: bool) -> None:
    kind = address_kind(address)
    if kind == "public":
        return
    if kind == "link-local":
        raise FetchError(
            f"{host} leads to {address}, a link-local address (such as a cloud metadata service): never fetched.",
            reason="address",
        )
    if not allowed:
        raise FetchError(
            f"{host} leads to {address}, a {kind} address: Parallax fetches only public web pages. "
            f"(An operator can allow named hosts with {ALLOW_SETTING}.)",
            reason="address",
        )


def address_kind(address: IPAddress) -> str:
    """'public', or which kind of address a public web page never has."""
    for inner in _embedded_ipv4(address):
        kind = address_kind(inner)
        if kind != "public":
            return kind
    checks = (
        ("link-local", address.is_link_local),
        ("loopback", address.is_loopback),
        ("unspecified", address.is_unspecified),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
        ("non-public", not address.is_global),
    )
    return next((kind for kind, hit in checks if hit), "public")


def _embedded_ipv4(address: IPAddress) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 one carries (mapped, 6to4, Teredo, NAT64): checked like their own."""
    if not isinstance(address, ipaddress.IPv6Address):
        return []
    found = [a for a in (address.ipv4_mapped, address.sixtofour) if a is not None]
    if address.teredo is not None:
        found.extend(address.teredo)
    if any(address in net for net in _NAT64):
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found


async def _send(client: httpx.AsyncClient, hop: _Hop) -> httpx.Response:
    """Send to the checked addresses in turn (the next one only when connecting fails)."""
    failure: Exception | None = None
    for address in hop.addresses:
        request = client.build_request(
            "GET", hop.pinned(address), headers={"host": hop.host_header}, extensions={"sni_hostname": hop.host}
        )
        try:
            return await client.send(request, stream=True)
        except httpx.ConnectTimeout:
            failure = FetchError(f"{hop.host} did not accept a connection in time.", reason="connect")
        except httpx.ConnectError as exc:
            failure = _connect_error(hop.host, exc)
        except httpx.TimeoutException:
            raise FetchError(f"{hop.host} did not answer in time.", reason="timeout") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{hop.host} sent something that is not HTTP ({exc}).", reason="protocol") from None
    assert failure is not None
    raise failure


def _connect_error(host: str, exc: httpx.ConnectError) -> FetchError:
    if isinstance(exc.__context__, ssl.SSLError) or "CERTIFICATE" in str(exc).upper() or "SSL" in str(exc).upper():
        return FetchError(f"{host} did not prove who it is (TLS certificate check failed).", reason="tls")
    return FetchError(f"Could not connect to {host}.", reason="connect")


def _redirect_target(response: httpx.Response, hop: _Hop) -> str:
    location = response.headers.get("location", "").strip()
    if not location:
        raise FetchError(f"{hop.host} answered {response.status_code} without saying where to.", reason="status")
    try:
        return str(hop.url.join(location))
    except (httpx.InvalidURL, UnicodeError):
        raise FetchError(f"{hop.host} redirected to an address that cannot be read.", reason="url") from None


async def _read(
    response: httpx.Response, url: str, final_url: str, redirects: tuple[str, ...], policy: FetchPolicy
) -> FetchedPage:
    if not 200 <= response.status_code < 300:
        phrase = response.reason_phrase or "an error"
        raise FetchError(f"The page answered {response.status_code} {phrase}.", reason="status")
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in PAGE_TYPES:
        said = content_type or "no content type"
        raise FetchError(
            f"The page is {said}, not HTML or plain text: save it as text and upload that instead.",
            reason="content_type",
            status_code=415,
        )
    declared = response.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > policy.max_bytes:
        raise _too_large(policy)
    chunks, size = [], 0
    try:
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > policy.max_bytes:
                raise _too_large(policy)
            chunks.append(chunk)
    except httpx.TimeoutException:
        raise FetchError("The page stopped arriving before it was complete.", reason="timeout") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"The page could not be read to its end ({exc}).", reason="protocol") from None
    charset = response.charset_encoding
    return FetchedPage(url, final_url, content_type, charset, b"".join(chunks), redirects)


def _too_large(policy: FetchPolicy) -> FetchError:
    return FetchError(
        f"The page is larger than the {policy.max_bytes:,} bytes allowed.", reason="too_large", status_code=413
    )
