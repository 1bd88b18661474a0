"""Importing from a URL: a real local HTTP server serving paged feeds, with a transient failure."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from directory.feeds import FeedError, FetchPolicy
from directory.importer import import_feed
from directory.models import Service

FAST = FetchPolicy(connect_timeout=2, read_timeout=5, retries=3, backoff_seconds=0.01)


def _services(page: int, per_page: int = 3) -> list[dict]:
    return [{"id": f"svc-{page}-{n}", "name": f"Service {page}.{n}", "description": "Befriending calls"}
            for n in range(per_page)]


class FeedServer:
    """Serves /v3/services (3 pages), /v1/services (2 pages, 0-based numbering) and /broken (404)."""

    def __init__(self, fail_first: dict[str, int]):
        self.requests: list[str] = []
        self.fail_first = dict(fail_first)
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args):
                pass

            def do_GET(self):  # noqa: N802 - http.server's name
                parts = urlsplit(self.path)
                page = int(parse_qs(parts.query).get("page", ["1" if parts.path.startswith("/v3") else "0"])[0])
                server.requests.append(f"{parts.path}?page={page}")
                key = f"{parts.path}:{page}"
                if server.fail_first.get(key, 0) > 0:
                    server.fail_first[key] -= 1
                    self._send(500, b'{"error": "try again"}')
                elif parts.path == "/v3/services":
                    self._send(200, json.dumps({"total_items": 9, "total_pages": 3, "page_number": page, "size": 3,
                                                "contents": _services(page)}).encode())
                elif parts.path == "/v1/services":
                    self._send(200, json.dumps({"content": _services(page, 2), "totalPages": 2, "number": page,
                                                "first": page == 0, "last": page == 1}).encode())
                else:
                    self._send(404, b"not found")

            def _send(self, status: int, body: bytes):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def _services_in(sessions) -> int:
    with sessions() as session:
        return session.execute(select(func.count()).select_from(Service)).scalar_one()


def test_v3_pages_are_followed_and_a_transient_500_is_retried(database_url, sessions_for):
    with FeedServer({"/v3/services:2": 1}) as server:
        summary = import_feed(database_url, f"{server.url}/v3/services?per_page=3", show_progress=False, policy=FAST)
    assert (summary.read, summary.imported, summary.pages) == (9, 9, 3)
    assert server.requests == ["/v3/services?page=1", "/v3/services?page=2", "/v3/services?page=2",
                               "/v3/services?page=3"]
    assert _services_in(sessions_for(database_url)) == 9


def test_v1_paged_feed_with_zero_based_pages(database_url, sessions_for):
    with FeedServer({}) as server:
        summary = import_feed(database_url, f"{server.url}/v1/services", show_progress=False, policy=FAST)
    assert (summary.feed_format, summary.read, summary.pages) == ("oruk-v1", 4, 2)
    assert _services_in(sessions_for(database_url)) == 4


def test_a_page_that_keeps_failing_imports_nothing(database_url):
    failing = r"failed after 4 attempts \(HTTP 500\); nothing imported"
    with FeedServer({"/v3/services:3": 10}) as server, pytest.raises(FeedError, match=failing):
        import_feed(database_url, f"{server.url}/v3/services", show_progress=False, policy=FAST)
    assert not Path(database_url.removeprefix("sqlite:///")).exists()  # not even created


def test_not_found_is_reported_without_retrying(database_url):
    with FeedServer({}) as server:
        with pytest.raises(FeedError, match="HTTP 404"):
            import_feed(database_url, f"{server.url}/broken?api_key=secret", show_progress=False, policy=FAST)
        assert server.requests == ["/broken?page=0"]


def test_api_keys_in_urls_are_not_echoed(database_url):
    with FeedServer({}) as server, pytest.raises(FeedError) as raised:
        import_feed(database_url, f"{server.url}/broken?api_key=secret", show_progress=False, policy=FAST)
    assert "secret" not in str(raised.value)


def test_nothing_listening_fails_cleanly(database_url):
    from tests.support.ports import free_port

    with pytest.raises(FeedError, match="could not connect"):
        import_feed(database_url, f"http://127.0.0.1:{free_port()}/services", show_progress=False, policy=FAST)
