"""내려받기 테스트 도구: 127.0.0.1의 작은 HTTP 서버와, 그 밖의 주소로 나가는 접속을 막는 fixture."""
from __future__ import annotations

import contextlib
import http.server
import threading
import time
import urllib.parse
import urllib.request

import pytest


class _Handler(http.server.BaseHTTPRequestHandler):
    """``server.routes[path] = (본문, Content-Length로 알릴 크기[, 멈출 초])``."""

    def do_GET(self):  # noqa: N802
        route = self.server.routes.get(self.path)
        if route is None:
            self.send_error(404)
            return
        body, claimed, *pause = route
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        if claimed is not None:
            self.send_header("Content-Length", str(claimed))
        self.end_headers()
        if pause:                # 반을 보내고 멈춤 (내려받는 도중에 프로세스를 죽이는 테스트)
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            time.sleep(pause[0])
            return
        self.wfile.write(body)  # claimed > len(body)이면 덜 보낸 채 연결을 닫음 (HTTP/1.0)
        self.close_connection = True

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def local_server(routes: dict):
    """``routes``를 내주는 서버를 띄웁니다. ``srv.base``가 ``http://127.0.0.1:<포트>``, ``srv.routes``는 바꿀 수 있음."""
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    srv.timeout = 5
    srv.routes = dict(routes)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    srv.base = f"http://127.0.0.1:{srv.server_address[1]}"
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=5)
        assert not thread.is_alive()


@pytest.fixture(autouse=True)
def only_localhost(monkeypatch):
    """127.0.0.1 밖으로 나가는 urlopen을 막습니다 (테스트가 실수로 인터넷에 접속하지 않도록).

    이 fixture를 테스트 모듈로 import 하면 그 모듈의 모든 테스트에 적용됩니다."""
    real_urlopen = urllib.request.urlopen

    def guarded(url, *args, **kwargs):
        full = url if isinstance(url, str) else url.full_url
        host = urllib.parse.urlsplit(full).hostname
        if host != "127.0.0.1":
            raise AssertionError(f"테스트가 외부 네트워크에 접속하려 했습니다: {full}")
        return real_urlopen(url, *args, **kwargs)

    monkeypatch.setattr(urllib.request, "urlopen", guarded)
