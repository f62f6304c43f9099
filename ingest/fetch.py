"""Fetch one http(s) URL within limits, reaching only addresses the URL policy allows.

Every hop of every redirect is resolved, each address is checked, and the connection goes to
the checked address itself (the Host header and TLS name stay the URL's), so a DNS answer
that changes between check and connect (rebinding) cannot reach an internal address.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

import httpx

from ingest.documents import LoadError
from ingest.limits import human, over_limit
from ingest.settings import IngestLimits, setting_name

MAX_REDIRECTS = 10  # real sites need 1-3 hops; more is a loop or a trap
_SCHEMES = ("http", "https")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_CLOCK_SLACK_S = 0.05  # a socket timeout set to the time left may fire a hair early

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Fetched:
    url: str
    content_type: str
    data: bytes


def _resolve(source: str, failed: str, host: str, port: int, timeout_s: float) -> list[str]:
    """The host's addresses, waiting at most `timeout_s` (getaddrinfo itself has no timeout,
    so it runs in a thread that is abandoned if the resolver hangs)."""
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        infos = pool.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
        return list(dict.fromkeys(str(info[4][0]) for info in infos.result(timeout=timeout_s)))
    except (socket.gaierror, UnicodeError) as exc:
        raise LoadError(source, f"{failed} (cannot resolve {host})") from exc
    except FutureTimeout as exc:
        raise LoadError(source, f"{failed} (resolving {host} timed out)") from exc
    finally:
        pool.shutdown(wait=False)


def _unwrap(ip: IPAddress) -> IPAddress:
    """::ffff:127.0.0.1 is 127.0.0.1 to the kernel, so it is judged as that."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def _kind(ip: IPAddress) -> str:
    """Why an address is not public, in the words an operator would search for."""
    if ip.is_loopback:
        return "loopback"
    if ip.is_unspecified:
        return "unspecified (this host)"
    if ip.is_link_local:
        return "link-local (cloud metadata)"
    if ip.is_private:
        return "private"
    if ip.is_multicast:
        return "multicast"
    return "reserved"


class UrlPolicy:
    """Which addresses URLs may reach: public ones, plus the hosts and networks allowed."""

    def __init__(self, allow: list[str]) -> None:
        self._hosts: set[str] = set()
        self._networks: list[IPNetwork] = []
        for entry in allow:
            try:
                self._networks.append(ipaddress.ip_network(entry.strip(), strict=False))
            except ValueError:
                self._hosts.add(entry.strip().lower().rstrip("."))

    def addresses(
        self, source: str, url: httpx.URL, redirected: bool, timeout_s: float
    ) -> list[str]:
        """The checked addresses to connect to for `url` (a hop of `source`), or a LoadError."""
        hop = f"redirect to {url} " if redirected else ""
        if url.scheme not in _SCHEMES:
            reason = f"{hop}refused: scheme '{url.scheme}' (only http and https are fetched)"
            raise LoadError(source, reason)
        host = url.host.lower().rstrip(".")
        if not host:
            raise LoadError(source, f"{hop}refused: URL has no host")
        port = url.port or _DEFAULT_PORTS[url.scheme]
        found = _resolve(source, f"{hop}unreachable", host, port, timeout_s)
        if host in self._hosts:
            return found
        for address in found:
            ip = _unwrap(ipaddress.ip_address(address.split("%", 1)[0]))
            if not self._allowed(ip):
                named = f"{host} is {ip}" if host.strip("[]") != address else host
                raise LoadError(
                    source,
                    f"{hop}refused: {named}, a {_kind(ip)} address; only public addresses "
                    f"are fetched unless allowed in setting {setting_name('url_allow')}",
                )
        return found

    def _allowed(self, ip: IPAddress) -> bool:
        if any(ip in network for network in self._networks):
            return True
        return ip.is_global and not ip.is_multicast


class Fetcher:
    """GETs a URL hop by hop under the policy, streaming the body within the limits."""

    def __init__(self, limits: IngestLimits) -> None:
        self._limits = limits
        self._policy = UrlPolicy(limits.url_allow)

    def fetch(self, url: str) -> Fetched:
        try:
            return self._fetch(url)
        except httpx.InvalidURL as exc:
            raise LoadError(url, f"invalid URL ({exc})") from exc

    def _fetch(self, url: str) -> Fetched:
        deadline = time.monotonic() + self._limits.url_total_timeout_s
        current = httpx.URL(url)
        # trust_env=False: a proxy from the environment would bypass the address check.
        with httpx.Client(trust_env=False, follow_redirects=False) as client:
            for _ in range(MAX_REDIRECTS + 1):
                response = self._send(client, url, current, deadline)
                try:
                    if not response.is_redirect:
                        return self._read(url, current, response, deadline)
                    current = current.join(response.headers["location"])
                finally:
                    response.close()
        raise LoadError(url, f"more than {MAX_REDIRECTS} redirects")

    def _send(
        self, client: httpx.Client, url: str, current: httpx.URL, deadline: float
    ) -> httpx.Response:
        """Connect to a checked address of `current`, trying each until one answers."""
        resolve_s = min(self._limits.url_read_timeout_s, self._left(url, deadline))
        redirected = current != httpx.URL(url)
        addresses = self._policy.addresses(url, current, redirected, resolve_s)
        error: Exception | None = None
        for address in addresses:
            timeout = min(self._limits.url_read_timeout_s, self._left(url, deadline))
            request = client.build_request(
                "GET",
                current.copy_with(host=address),
                headers={"Host": current.netloc.decode("ascii")},
                extensions={"sni_hostname": current.host} if current.scheme == "https" else {},
                timeout=timeout,
            )
            try:
                return client.send(request, stream=True)
            except httpx.ConnectError as exc:
                if "CERTIFICATE_VERIFY_FAILED" in str(exc):  # the same on every address
                    raise LoadError(url, f"TLS certificate not valid for {current.host}") from exc
                error = exc
            except httpx.TimeoutException as exc:
                raise self._timed_out(url, deadline) from exc
            except httpx.HTTPError as exc:
                raise LoadError(url, f"unreachable ({type(exc).__name__})") from exc
        raise LoadError(url, f"unreachable ({type(error).__name__})") from error

    def _read(
        self, url: str, current: httpx.URL, response: httpx.Response, deadline: float
    ) -> Fetched:
        """The body, stopped as soon as it passes the byte limit or the time limit."""
        if response.status_code >= 400:
            raise LoadError(url, f"HTTP {response.status_code} from server")
        cap = self._limits.max_download_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            what = f"server announces {human(int(declared))}"
            raise over_limit(url, what, human(cap), "max_download_bytes")
        body = bytearray()
        try:
            for block in response.iter_bytes():  # as received: no waiting to fill a block
                body += block
                if len(body) > cap:
                    what = "download passed the size limit"
                    raise over_limit(url, what, human(cap), "max_download_bytes")
                self._left(url, deadline)
        except httpx.TimeoutException as exc:
            raise self._timed_out(url, deadline) from exc
        except httpx.HTTPError as exc:
            raise LoadError(url, f"download failed ({type(exc).__name__})") from exc
        kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
        return Fetched(str(current), kind, bytes(body))

    def _left(self, url: str, deadline: float) -> float:
        """Seconds left for this URL; a LoadError once the total time is spent."""
        left = deadline - time.monotonic()
        if left <= 0:
            raise self._timed_out(url, deadline)
        return left

    def _timed_out(self, url: str, deadline: float) -> LoadError:
        if deadline - time.monotonic() > _CLOCK_SLACK_S:
            limit = f"{self._limits.url_read_timeout_s:g} s"
            return over_limit(url, "server stopped sending", limit, "url_read_timeout_s")
        limit = f"{self._limits.url_total_timeout_s:g} s"
        return over_limit(url, "download took too long", limit, "url_total_timeout_s")
