#!/usr/bin/env python3
"""A loopback stand-in for an oVirt engine, for the executor's tests and demos.

It serves a small, mutable cluster state through enough of the oVirt REST API v4 for the
official SDK (`ovirtsdk4`): the SSO token and logout endpoints, `/ovirt-engine/api`, the
clusters, hosts and VMs collections, each host and VM, and the `migrate`, `deactivate`,
`activate` and `fence` actions. Documents are written with the SDK's own writers (`ovirtsdk4.writers`), so they have
the engine's format.

The state comes from a Shepherd snapshot (YAML or JSON): the cluster name, every host with
its status, every VM with its status and host; identifiers are uuid5 of the object's name, so
they are stable across runs. Or, with `--export DIR --cluster NAME`, from saved engine
responses (`clusters.xml`, `hosts.xml`, `vms.xml`, as `shepherd import ovirt` reads them),
keeping the engine's identifiers.

A migration takes the step's estimated duration from `--plan` (or 1 s) times `--time-scale`
(default 0.01): meanwhile the VM is `migrating`; then it is `up` on the destination, or, for a
VM named by `--fail-migration`, `up` again on its source (what the engine shows after a failed
migration); only its first migration fails, so a resumed run can succeed. `--move VM=HOST` and
`--host-status HOST=STATUS` change the state before the first request, so a plan's
precondition no longer holds. `--crash-after-actions N` makes it hang up on every request
after it accepted N actions, like an engine that went away in the middle of a run.

It binds 127.0.0.1 on an ephemeral port, prints `port N` on stdout, and stops by itself after
--lifetime seconds (default 300), or, with --until-stdin-closes (what the tests use), when its
stdin closes if that comes first.
`GET /fake/requests` returns every request it received (method, path, body) as JSON, and
`GET /fake/state` the current state, for tests.

    python3 fake_engine.py --snapshot cluster.yaml [--plan plan.json] [--fail-migration VM]
"""
import argparse
import io
import json
import os
import re
import sys
import threading
import time
import urllib.parse
import uuid

import yaml
import ovirtsdk4.readers as r
import ovirtsdk4.types as t
import ovirtsdk4.writers as w
from ovirtsdk4 import xml

USER = "admin@internal"
PASSWORD = "engine-password"
TOKEN = "fake-engine-token"
NS = uuid.UUID("6f1b7a52-3c39-4c1e-9d0e-5a0c2c3d1e00")
API = "/ovirt-engine/api"


def uid(kind, name):
    return str(uuid.uuid5(NS, kind + "/" + name))


def api_status(status):
    """A snapshot status (oVirt's Java names, e.g. NonOperational) as the API writes it."""
    text = re.sub(r"(?<!^)([A-Z])", r"_\1", str(status)).lower()
    return {"migrating_from": "migrating", "migrating_to": "migrating"}.get(text, text)


def linked(obj, kind):
    """Sets the `href` the engine writes on every identified object."""
    obj.href = "%s/%s/%s" % (API, kind, obj.id)
    return obj


class State:
    """The engine's state: hosts and VMs by id, and the migrations in flight."""

    def __init__(self, cluster, estimates, scale, failing):
        self.lock = threading.Lock()
        self.cluster = cluster
        self.cluster_id = uid("cluster", cluster)
        self.hosts = {}  # id -> {"name", "status"}
        self.vms = {}  # id -> {"name", "status", "host"}
        self.estimates = estimates  # VM name -> seconds
        self.scale = scale
        self.failing = set(failing)
        self.timers = []  # (due, callback)
        self.requests = []
        self.accepted = 0  # actions accepted
        self.dead = False  # --crash-after-actions: hangs up on every request from then on

    @staticmethod
    def from_snapshot(path, **options):
        """The state of a Shepherd snapshot (YAML or JSON); identifiers are uuid5 of names."""
        with open(path, encoding="utf-8") as f:
            snapshot = yaml.safe_load(f)
        state = State(snapshot["cluster"]["name"], **options)
        for host in snapshot.get("hosts", []):
            state.hosts[uid("host", host["name"])] = {
                "name": host["name"], "status": api_status(host.get("status", "Up"))}
        for vm in snapshot.get("vms", []):
            status = api_status(vm.get("status", "Up"))
            host = vm.get("host")
            state.vms[uid("vm", vm["name"])] = {
                "name": vm["name"], "status": status,
                "host": uid("host", host) if host and status != "down" else None}
        return state

    @staticmethod
    def from_export(directory, cluster, **options):
        """The state of an engine export (`hosts.xml`, `vms.xml` and `clusters.xml` as the API
        returns them), read with the SDK's readers; identifiers are the engine's."""
        def read(name, reader):
            with open(os.path.join(directory, name), "rb") as f:
                return reader.read_many(xml.XmlReader(f))

        clusters = {c.name: c.id for c in read("clusters.xml", r.ClusterReader)}
        if cluster not in clusters:
            raise SystemExit("no cluster %r in %s (there are: %s)" % (
                cluster, directory, ", ".join(sorted(clusters))))
        state = State(cluster, **options)
        state.cluster_id = clusters[cluster]
        for host in read("hosts.xml", r.HostReader):
            if host.cluster is not None and host.cluster.id == state.cluster_id:
                state.hosts[host.id] = {"name": host.name, "status": host.status.value}
        for vm in read("vms.xml", r.VmReader):
            if vm.cluster is not None and vm.cluster.id == state.cluster_id:
                state.vms[vm.id] = {"name": vm.name, "status": vm.status.value,
                                    "host": vm.host.id if vm.host is not None else None}
        return state

    def host_id(self, name):
        return next((i for i, h in self.hosts.items() if h["name"] == name), None)

    def vm_id(self, name):
        return next((i for i, v in self.vms.items() if v["name"] == name), None)

    def advance(self):
        """Completes what is due. Called with the lock held, before every answer."""
        now = time.monotonic()
        due = [timer for timer in self.timers if timer[0] <= now]
        self.timers = [timer for timer in self.timers if timer[0] > now]
        for _, callback in sorted(due, key=lambda timer: timer[0]):
            callback()

    def later(self, seconds, callback):
        self.timers.append((time.monotonic() + seconds, callback))

    # ------------------------------------------------------------------ actions
    def migrate(self, vm_id, host_id):
        vm = self.vms[vm_id]
        if vm["status"] != "up":
            return "Cannot migrate VM. VM %s is not running (status %s)." % (vm["name"], vm["status"])
        if host_id is None:
            return "Cannot migrate VM. This fake engine needs a destination host."
        host = self.hosts.get(host_id)
        if host is None:
            return "Cannot migrate VM. The destination host does not exist."
        if host_id == vm["host"]:
            return "Cannot migrate VM. The VM already runs on host %s." % host["name"]
        if host["status"] != "up":
            return "Cannot migrate VM. Destination host %s is not Up." % host["name"]
        source = vm["host"]
        vm["status"] = "migrating"
        fails = vm["name"] in self.failing
        self.failing.discard(vm["name"])  # fails once: a retry succeeds

        def finish():
            vm["status"] = "up"
            vm["host"] = source if fails else host_id

        self.later(self.estimates.get(vm["name"], 1.0) * self.scale, finish)
        return None

    def deactivate(self, host_id):
        host = self.hosts[host_id]
        if host["status"] != "up":
            return "Cannot switch host %s to maintenance: it is %s." % (host["name"], host["status"])
        running = [v["name"] for v in self.vms.values() if v["host"] == host_id]
        if running:
            # The real engine migrates the VMs itself; this fake refuses, so a plan that did not
            # empty the host shows up in the tests.
            return "Cannot switch host %s to maintenance: it runs %s." % (
                host["name"], ", ".join(sorted(running)))
        host["status"] = "preparing_for_maintenance"
        self.later(0.5 * self.scale, lambda: host.update(status="maintenance"))
        return None

    def activate(self, host_id):
        host = self.hosts[host_id]
        if host["status"] not in ("maintenance", "down"):
            return "Cannot activate host %s: it is %s." % (host["name"], host["status"])
        host["status"] = "up"
        return None

    def fence(self, host_id, fence_type):
        host = self.hosts[host_id]
        if fence_type == "stop":
            if host["status"] != "maintenance":
                return "Cannot stop host %s: it is not in maintenance." % host["name"]
            host["status"] = "down"
        elif fence_type == "start":
            if host["status"] != "down":
                return "Cannot start host %s: it is %s." % (host["name"], host["status"])
            host["status"] = "reboot"
            self.later(1.0 * self.scale, lambda: host.update(status="maintenance"))
        else:
            return "Unsupported fence type %r." % fence_type
        return None

    # ------------------------------------------------------------------ documents
    def host_object(self, host_id):
        host = self.hosts[host_id]
        return linked(t.Host(
            id=host_id, name=host["name"], status=t.HostStatus(host["status"]),
            cluster=linked(t.Cluster(id=self.cluster_id), "clusters")), "hosts")

    def vm_object(self, vm_id):
        vm = self.vms[vm_id]
        host = None
        if vm["host"]:
            host = linked(t.Host(id=vm["host"]), "hosts")
        status = t.VmStatus(vm["status"])
        return linked(t.Vm(
            id=vm_id, name=vm["name"], status=status, host=host,
            cluster=linked(t.Cluster(id=self.cluster_id), "clusters")), "vms")

    def snapshot(self):
        names = {i: h["name"] for i, h in self.hosts.items()}
        return {
            "hosts": {h["name"]: h["status"] for h in self.hosts.values()},
            "vms": {v["name"]: {"status": v["status"], "host": names.get(v["host"])}
                    for v in self.vms.values()},
        }


def document(writer_class, objects=None, one=None, root=None):
    out = xml.XmlWriter(None, indent=True)
    if one is not None:
        writer_class.write_one(one, out, root)
    else:
        writer_class.write_many(objects, out, None, root)
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + out.string()


def fault(reason, detail):
    out = xml.XmlWriter(None, indent=True)
    w.FaultWriter.write_one(t.Fault(reason=reason, detail=detail), out)
    return out.string()


def action_document(status="complete"):
    out = xml.XmlWriter(None, indent=True)
    w.ActionWriter.write_one(t.Action(status=status), out)
    return out.string()


def main():
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--snapshot", help="Shepherd snapshot (YAML or JSON)")
    source.add_argument("--export", metavar="DIR",
                        help="engine responses (clusters.xml, hosts.xml, vms.xml) to serve")
    parser.add_argument("--cluster", help="the cluster of --export to serve")
    parser.add_argument("--plan", help="a plan whose step estimates set migration durations")
    parser.add_argument("--time-scale", type=float, default=0.01)
    parser.add_argument("--fail-migration", action="append", default=[], metavar="VM")
    parser.add_argument("--move", action="append", default=[], metavar="VM=HOST")
    parser.add_argument("--host-status", action="append", default=[], metavar="HOST=STATUS")
    parser.add_argument("--crash-after-actions", type=int, metavar="N",
                        help="stop answering after accepting N actions (an engine that dies)")
    parser.add_argument("--lifetime", type=float, default=300)
    parser.add_argument("--until-stdin-closes", action="store_true")
    args = parser.parse_args()
    if args.export and not args.cluster:
        parser.error("--export needs --cluster")

    estimates = {}
    if args.plan:
        with open(args.plan, encoding="utf-8") as f:
            for step in json.load(f).get("steps", []):
                if step.get("vm"):
                    estimates[step["vm"]] = float(step.get("estimatedDurationSeconds", 1.0))
    options = {"estimates": estimates, "scale": args.time_scale, "failing": args.fail_migration}
    if args.export:
        state = State.from_export(args.export, args.cluster, **options)
    else:
        state = State.from_snapshot(args.snapshot, **options)
    for item in args.move:
        vm, host = item.split("=", 1)
        state.vms[state.vm_id(vm)]["host"] = state.host_id(host)
    for item in args.host_status:
        host, status = item.split("=", 1)
        state.hosts[state.host_id(host)]["status"] = api_status(status)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are separate writes

        def log_message(self, *args):
            pass

        def send(self, status, body, content_type="application/xml"):
            data = body.encode() if isinstance(body, str) else body
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def body(self):
            length = int(self.headers.get("Content-Length", "0"))
            return self.rfile.read(length).decode() if length else ""

        def authorised(self):
            return self.headers.get("Authorization") == "Bearer " + TOKEN

        def do_POST(self):
            self.guarded(self.post)

        def do_GET(self):
            self.guarded(self.get)

        def guarded(self, method):
            if state.dead:
                self.close_connection = True  # hang up without an answer
                return
            try:
                method()
            except Exception as error:  # a fake-engine bug: answer like the engine, not hang up
                self.send(500, fault("Internal Server Error", repr(error)))

        def post(self):
            url = urllib.parse.urlsplit(self.path)
            body = self.body()
            if url.path == "/ovirt-engine/sso/oauth/token":
                form = urllib.parse.parse_qs(body)
                if form.get("username") != [USER] or form.get("password") != [PASSWORD]:
                    return self.send(400, json.dumps({
                        "error_code": "access_denied",
                        "error": "Cannot authenticate user '%s'." % form.get("username")}),
                        "application/json")
                return self.send(200, json.dumps({
                    "access_token": TOKEN, "scope": "ovirt-app-api", "exp": "9999999999999",
                    "token_type": "bearer"}), "application/json")
            if url.path == "/ovirt-engine/services/sso-logout":
                return self.send(200, json.dumps({}), "application/json")
            if not self.authorised():
                return self.send(401, "<html><body>Unauthorized</body></html>", "text/html")
            parts = url.path[len(API):].strip("/").split("/")
            with state.lock:
                state.requests.append({"method": "POST", "path": url.path, "body": body})
                state.advance()
                if len(parts) != 3:
                    return self.send(404, fault("Not Found", url.path))
                kind, ident, action = parts
                request = xml.XmlReader(io.BytesIO(body.encode())) if body else None
                parsed = None
                if request is not None:
                    parsed = r.ActionReader.read_one(request)
                error = "Unsupported action %s/%s." % (kind, action)
                if kind == "vms" and ident in state.vms and action == "migrate":
                    target = parsed.host.id if parsed is not None and parsed.host else None
                    error = state.migrate(ident, target)
                elif kind == "hosts" and ident in state.hosts and action == "deactivate":
                    error = state.deactivate(ident)
                elif kind == "hosts" and ident in state.hosts and action == "activate":
                    error = state.activate(ident)
                elif kind == "hosts" and ident in state.hosts and action == "fence":
                    error = state.fence(ident, parsed.fence_type if parsed is not None else None)
                if error:
                    return self.send(409, fault("Operation Failed", "[%s]" % error))
                self.send(200, action_document())
                state.accepted += 1
                state.dead = state.accepted == args.crash_after_actions

        def get(self):
            url = urllib.parse.urlsplit(self.path)
            if url.path.startswith("/fake/"):
                with state.lock:
                    state.advance()
                    data = state.requests if url.path == "/fake/requests" else state.snapshot()
                    return self.send(200, json.dumps(data, indent=2), "application/json")
            if not self.authorised():
                return self.send(401, "<html><body>Unauthorized</body></html>", "text/html")
            rest = url.path[len(API):].strip("/") if url.path.startswith(API) else None
            with state.lock:
                state.requests.append({"method": "GET", "path": url.path, "body": ""})
                state.advance()
                if rest is None:
                    return self.send(404, fault("Not Found", url.path))
                parts = rest.split("/") if rest else []
                if not parts:
                    api = t.Api(product_info=t.ProductInfo(
                        name="oVirt Engine (fake)", version=t.Version(major=4, minor=5)))
                    return self.send(200, document(w.ApiWriter, one=api))
                if parts == ["clusters"]:
                    cluster = linked(t.Cluster(id=state.cluster_id, name=state.cluster), "clusters")
                    return self.send(200, document(w.ClusterWriter, [cluster]))
                if parts == ["hosts"]:
                    return self.send(200, document(
                        w.HostWriter, [state.host_object(i) for i in sorted(state.hosts)]))
                if parts == ["vms"]:
                    return self.send(200, document(
                        w.VmWriter, [state.vm_object(i) for i in sorted(state.vms)]))
                if len(parts) == 2 and parts[0] == "hosts" and parts[1] in state.hosts:
                    return self.send(200, document(w.HostWriter, one=state.host_object(parts[1])))
                if len(parts) == 2 and parts[0] == "vms" and parts[1] in state.vms:
                    return self.send(200, document(w.VmWriter, one=state.vm_object(parts[1])))
                return self.send(404, fault("Not Found", url.path))

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print("port %d" % server.server_address[1], flush=True)

    def stop_when_stdin_closes():
        sys.stdin.read()
        server.shutdown()

    if args.until_stdin_closes:
        threading.Thread(target=stop_when_stdin_closes, daemon=True).start()
    timer = threading.Timer(args.lifetime, server.shutdown)
    timer.daemon = True
    timer.start()
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
