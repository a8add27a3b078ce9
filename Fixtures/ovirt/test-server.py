#!/usr/bin/env python3
"""A loopback stand-in for an oVirt engine, for the `shepherd import ovirt --url` tests.

Serves the saved responses of a directory (default: Fixtures/ovirt/example) at
/ovirt-engine/api/... and answers the SSO token endpoint /ovirt-engine/sso/oauth/token for
user `admin@internal` with password `s3cret pass&word`. It binds 127.0.0.1 on an ephemeral
port, prints `port N` on stdout, and stops by itself after --lifetime seconds (default 60) or
when its stdin closes, whichever comes first. With --tls it speaks HTTPS with the certificate in
Fixtures/ovirt/tls (a private CA's, for 127.0.0.1).

A path prefix selects a failure mode:
  /ovirt-engine/...            a working engine
  /expired/ovirt-engine/...    tokens are issued but the API answers 401
  /missing/ovirt-engine/...    the token works but the API answers 404
  /garbage/ovirt-engine/...    an HTML page instead of the API (and of the token)
  /slow/ovirt-engine/...       the token endpoint answers after 5 seconds
  /fault/ovirt-engine/...      GET /vms answers 500 with an engine <fault>
"""
import argparse
import json
import os
import ssl
import sys
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

USER = "admin@internal"
PASSWORD = "s3cret pass&word"
TOKEN = "test-token-1"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--directory", default=os.path.join(os.path.dirname(__file__), "example"))
    parser.add_argument("--lifetime", type=float, default=60)
    parser.add_argument("--tls", action="store_true")
    args = parser.parse_args()
    directory = args.directory
    cluster_names = {}
    for cluster in ET.parse(os.path.join(directory, "clusters.xml")).getroot():
        cluster_names[cluster.get("id")] = cluster.findtext("name")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send(self, status, body, content_type="application/xml"):
            data = body if isinstance(body, bytes) else body.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def mode_and_path(self):
            path = urllib.parse.urlsplit(self.path).path
            for mode in ("expired", "missing", "garbage", "slow", "fault"):
                if path.startswith("/" + mode + "/"):
                    return mode, path[len(mode) + 1:]
            return "ok", path

        def do_POST(self):
            mode, path = self.mode_and_path()
            length = int(self.headers.get("Content-Length", "0"))
            form = urllib.parse.parse_qs(self.rfile.read(length).decode())
            if mode == "garbage":
                return self.send(200, "<html><body>Welcome</body></html>", "text/html")
            if mode == "slow":
                time.sleep(5)
            if path != "/ovirt-engine/sso/oauth/token":
                return self.send(404, "<html><body>Not found</body></html>", "text/html")
            ok = (form.get("grant_type") == ["password"] and form.get("scope") == ["ovirt-app-api"]
                  and form.get("username") == [USER] and form.get("password") == [PASSWORD])
            if not ok:
                body = {"error_code": "access_denied",
                        "error": "Cannot authenticate user 'admin@internal': "
                                 "The username or password is incorrect.."}
                return self.send(400, json.dumps(body), "application/json")
            body = {"access_token": TOKEN, "scope": "ovirt-app-api", "exp": "9999999999999",
                    "token_type": "bearer"}
            return self.send(200, json.dumps(body), "application/json")

        def do_GET(self):
            mode, path = self.mode_and_path()
            if mode == "garbage":
                return self.send(200, "<html><body>Welcome</body></html>", "text/html")
            if self.headers.get("Authorization") != "Bearer " + TOKEN or mode == "expired":
                return self.send(401, "<html><body>Unauthorized</body></html>", "text/html")
            if mode == "missing" or not path.startswith("/ovirt-engine/api"):
                return self.send(404, "<html><body>Not found</body></html>", "text/html")
            rest = path[len("/ovirt-engine/api"):].strip("/")
            if mode == "fault" and rest == "vms":
                return self.send(500, "<fault><reason>Operation Failed</reason>"
                                      "<detail>Internal Engine Error</detail></fault>")
            parts = rest.split("/")
            if rest == "":
                name = "api.xml"
            elif len(parts) == 3 and parts[0] == "clusters" and parts[2] == "affinitygroups":
                name = "affinitygroups-%s.xml" % cluster_names.get(parts[1], "none")
            elif len(parts) == 1:
                name = parts[0] + ".xml"
            else:
                name = ""
            file = os.path.join(directory, name)
            if not name or not os.path.isfile(file):
                return self.send(404, "<fault><reason>Not Found</reason></fault>")
            with open(file, "rb") as f:
                return self.send(200, f.read())

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if args.tls:
        tls = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tls")
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(os.path.join(tls, "engine.pem"), os.path.join(tls, "engine-key.pem"))
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print("port %d" % server.server_address[1], flush=True)

    def stop_when_stdin_closes():
        sys.stdin.read()
        server.shutdown()

    threading.Thread(target=stop_when_stdin_closes, daemon=True).start()
    timer = threading.Timer(args.lifetime, server.shutdown)
    timer.daemon = True
    timer.start()
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
