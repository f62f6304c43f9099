"""SSRF: URL ingest reaches only public addresses unless a host or network is allowed, and
the check holds on every hop of a redirect."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from ingest.documents import LoadError
from ingest.loaders import load
from ingest.settings import IngestLimits
from tests.reliability.ingest_helpers import page, redirect, serve

SECRET = "<html><body><h1>Admin</h1><p>token=hunter2-admin-token for the router</p></body></html>"


def _refused(url: str, limits: IngestLimits) -> str:
    with pytest.raises(LoadError) as caught:
        load(url, limits)
    message = str(caught.value)
    assert "\n" not in message and "hunter2" not in message
    return message


def test_loopback_is_refused_by_default_and_reachable_when_allowed() -> None:
    with serve({"/admin": page(SECRET)}) as base:
        message = _refused(f"{base}/admin", IngestLimits())
        assert message.startswith(f"{base}/admin: refused")
        assert "127.0.0.1" in message and "loopback" in message
        assert "index.limits.url_allow" in message
        allowed = load(f"{base}/admin", IngestLimits(url_allow=["127.0.0.0/8"]))
        assert "hunter2" in allowed.text  # the same page, once the operator allows it


def test_redirect_from_an_allowed_host_to_loopback_is_refused() -> None:
    """'localhost' stands in for an allowed public host; the hop to 127.0.0.1 is checked anew."""
    with serve({"/admin": page(SECRET)}) as inner:
        port = inner.rsplit(":", 1)[1]
        with serve({"/go": redirect(f"{inner}/admin"), "/ok": page(SECRET)}) as outer:
            start = outer.replace("127.0.0.1", "localhost")
            limits = IngestLimits(url_allow=["localhost"])
            assert "hunter2" in load(f"{start}/ok", limits).text  # the allowed host works
            message = _refused(f"{start}/go", limits)
    assert f"redirect to http://127.0.0.1:{port}/admin refused" in message
    assert "index.limits.url_allow" in message


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://169.254.169.254/latest/meta-data/", "link-local (cloud metadata)"),
        ("http://10.1.2.3/", "private"),
        ("http://192.168.0.1/", "private"),
        ("http://[::1]/", "loopback"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://100.64.0.1/", "refused"),  # carrier-grade NAT
        ("http://240.0.0.1/", "refused"),
    ],
)
def test_internal_addresses_are_refused_before_connecting(url: str, kind: str) -> None:
    assert kind in _refused(url, IngestLimits())


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://a/"])
def test_only_http_and_https_are_fetched(url: str) -> None:
    assert "only http and https" in _refused(url, IngestLimits(url_allow=["127.0.0.1"]))


def test_connection_goes_to_the_checked_address(monkeypatch: pytest.MonkeyPatch) -> None:
    """The name is resolved once, checked, and that address is dialled with the URL's Host,
    so a second DNS answer (rebinding) never decides where the request goes."""
    import socket

    real = socket.getaddrinfo
    asked: list[str] = []

    def resolve(host: str, *args: object, **kwargs: object) -> object:
        asked.append(host)
        return real("127.0.0.1" if host == "pinned.test" else host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    seen: list[str] = []

    def echo_host(handler: BaseHTTPRequestHandler) -> None:
        seen.append(handler.headers["Host"])
        page("<html><body><p>Pinned page about seat pricing.</p></body></html>")(handler)

    with serve({"/p": echo_host}) as base:
        port = base.rsplit(":", 1)[1]
        doc = load(f"http://pinned.test:{port}/p", IngestLimits(url_allow=["127.0.0.1"]))
    assert "seat pricing" in doc.text
    assert asked.count("pinned.test") == 1  # resolved once, for the check
    assert set(asked) == {"pinned.test", "127.0.0.1"}  # the socket got the checked address
    assert seen == [f"pinned.test:{port}"]


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl to make a certificate")
def test_https_dials_the_checked_address_and_verifies_the_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TLS still names the URL's host (SNI, certificate check) while the socket goes to the
    checked address; an untrusted certificate is a one-line error, not a fetched page."""
    import socket

    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-keyout", str(key), "-out", str(cert), "-subj", "/CN=pinned.test"),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    names: list[str | None] = []

    def remember(_sock: ssl.SSLObject, name: str | None, _ctx: ssl.SSLContext) -> None:
        names.append(name)

    context.sni_callback = remember
    real = socket.getaddrinfo
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, *a, **k: real("127.0.0.1" if host == "pinned.test" else host, *a, **k),
    )
    with serve({"/": page(SECRET)}, tls=context) as base:
        port = base.rsplit(":", 1)[1]
        url = f"https://pinned.test:{port}/"
        with pytest.raises(LoadError) as caught:
            load(url, IngestLimits(url_allow=["127.0.0.1"]))
    assert str(caught.value) == f"{url}: TLS certificate not valid for pinned.test"
    assert names == ["pinned.test"]
