#!/usr/bin/env python3
"""Carries out a Shepherd migration plan against an oVirt engine with the official SDK.

    shepherd_execute.py PLAN SNAPSHOT --url URL --username USER --password-file FILE
                        [--journal FILE | --resume JOURNAL] [--dry-run] [--shepherd PATH]

1. `shepherd verify PLAN SNAPSHOT` must pass, and PLAN's snapshot digest must be SNAPSHOT's
   SHA-256: a plan that fails or was made from another snapshot is refused before any call.
2. Wave by wave: every step of the wave has its precondition checked against the engine
   (the VM runs on the expected host, the hosts are Up, the host is empty before maintenance)
   before any step of the wave starts; then the wave's steps start together (migrations with
   the step's destination), and are polled until each finishes, fails or times out.
3. The first failure stops the run: steps already running finish (they cannot be recalled),
   no later step starts, and the report lists what was done, what failed and what was not
   started.

Every action is appended to a journal (JSON lines). `--resume JOURNAL` continues an interrupted
run: steps the journal records as done are skipped, and a step that was started but not
recorded as finished counts as done when the engine already shows its result. Each `done`
record carries the opposite action, so a run can be rolled back by hand.

Exit codes: 0 every step done, 1 a step failed or a precondition did not hold (the run
stopped), 2 the plan was refused (verify, stale snapshot, unsupported step) or bad usage.
"""
import argparse
import datetime
import hashlib
import json
import os
import subprocess
import sys
import time

ACTIONS = ("migrate", "host-maintenance", "host-activate", "host-power-off", "host-power-on")
EXIT_DONE, EXIT_STOPPED, EXIT_REFUSED = 0, 1, 2


class Refused(Exception):
    """The plan is not carried out at all."""


def sha256_of(path):
    with open(path, "rb") as f:
        return "sha256:" + hashlib.sha256(f.read()).hexdigest()


def now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")


# ---------------------------------------------------------------------------- journal
class Journal:
    """Appends one JSON object per line and flushes it, so a crash loses nothing written."""

    def __init__(self, path, entries=()):
        self.path = path
        self.entries = list(entries)
        self.file = open(path, "a", encoding="utf-8") if path else None

    @staticmethod
    def read(path):
        entries = []
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                line = line.strip()
                if not line:
                    continue
                try:
                    entries.append(json.loads(line))
                except json.JSONDecodeError:
                    # The last line of a killed run may be cut short; anything else is damage.
                    raise Refused("%s:%d: not a journal line" % (path, number))
        return entries

    def write(self, event, **fields):
        entry = {"time": now(), "event": event, **fields}
        self.entries.append(entry)
        if self.file:
            self.file.write(json.dumps(entry, sort_keys=True) + "\n")
            self.file.flush()
            os.fsync(self.file.fileno())

    def steps_with(self, event):
        return {e["step"] for e in self.entries if e.get("event") == event and "step" in e}

    def close(self):
        if self.file:
            self.file.close()


# ---------------------------------------------------------------------------- engine
class Engine:
    """The calls the executor makes, through the official SDK."""

    def __init__(self, connection, cluster):
        import ovirtsdk4.types as types

        self.types = types
        self.connection = connection
        system = connection.system_service()
        self.hosts_service = system.hosts_service()
        self.vms_service = system.vms_service()
        search = "cluster=%s" % cluster
        self.host_ids = {h.name: h.id for h in self.hosts_service.list(search=search)}
        self.vm_ids = {v.name: v.id for v in self.vms_service.list(search=search)}
        self.host_names = {i: n for n, i in self.host_ids.items()}

    def host_id(self, name):
        if name not in self.host_ids:
            raise LookupError("the engine has no host named %s" % name)
        return self.host_ids[name]

    def vm_id(self, name):
        if name not in self.vm_ids:
            raise LookupError("the engine has no VM named %s" % name)
        return self.vm_ids[name]

    def host_status(self, name):
        return self.hosts_service.host_service(self.host_id(name)).get().status.value

    def vm_state(self, name):
        """(status, host name or None) of a VM."""
        vm = self.vms_service.vm_service(self.vm_id(name)).get()
        host = self.host_names.get(vm.host.id, vm.host.id) if vm.host else None
        return vm.status.value, host

    def vms_on(self, host):
        host_id = self.host_id(host)
        return sorted(v.name for v in self.vms_service.list()
                      if v.host is not None and v.host.id == host_id)

    def start(self, step):
        """Sends the step's action; returns (method, path, body) of what was sent."""
        t = self.types
        action = step["action"]
        if action == "migrate":
            service = self.vms_service.vm_service(self.vm_id(step["vm"]))
            # The plan moves affinity partners as steps of their own, so the engine must not
            # add them; `force` stays off so the engine's own migratability checks apply.
            service.migrate(host=t.Host(id=self.host_id(step["to"])), force=False,
                            migrate_vms_in_affinity_closure=False)
            return
        service = self.hosts_service.host_service(self.host_id(step["host"]))
        if action == "host-maintenance":
            service.deactivate()
        elif action == "host-activate":
            service.activate()
        elif action == "host-power-off":
            service.fence(fence_type="stop")
        elif action == "host-power-on":
            service.fence(fence_type="start")


def placeholder(kind):
    return lambda name: "{id of %s %s}" % (kind, name)


def call_of(step, vm_id=placeholder("vm"), host_id=placeholder("host")):
    """The REST call a step makes: (method, path, body); identifiers are placeholders unless
    resolvers are given."""
    import ovirtsdk4.types as t
    import ovirtsdk4.writer as writer

    action = step["action"]
    if action == "migrate":
        body = t.Action(host=t.Host(id=host_id(step["to"])), force=False,
                        migrate_vms_in_affinity_closure=False)
        path = "/ovirt-engine/api/vms/%s/migrate" % vm_id(step["vm"])
    else:
        verb, body = {
            "host-maintenance": ("deactivate", t.Action()),
            "host-activate": ("activate", t.Action()),
            "host-power-off": ("fence", t.Action(fence_type="stop")),
            "host-power-on": ("fence", t.Action(fence_type="start")),
        }[action]
        path = "/ovirt-engine/api/hosts/%s/%s" % (host_id(step["host"]), verb)
    return "POST", path, writer.Writer.write(body, indent=False)


def undo_of(step):
    action = step["action"]
    if action == "migrate":
        return {"action": "migrate", "vm": step["vm"], "from": step["to"], "to": step["from"]}
    opposite = {"host-maintenance": "host-activate", "host-activate": "host-maintenance",
                "host-power-off": "host-power-on", "host-power-on": "host-power-off"}[action]
    return {"action": opposite, "host": step["host"]}


# ---------------------------------------------------------------------------- checks
def precondition_problems(engine, step):
    """What no longer holds of the step's precondition, in words (empty: it holds)."""
    problems = []
    pre = step.get("precondition", {})
    for host in pre.get("hostsUp", []):
        status = engine.host_status(host)
        if status != "up":
            problems.append("host %s is %s, not up" % (host, status))
    if "vmRunningOn" in pre:
        status, host = engine.vm_state(step["vm"])
        if status != "up" or host != pre["vmRunningOn"]:
            problems.append("VM %s is %s on %s, not up on %s"
                            % (step["vm"], status, host or "no host", pre["vmRunningOn"]))
    if "hostEmpty" in pre:
        running = engine.vms_on(pre["hostEmpty"])
        if running:
            problems.append("host %s still runs %s" % (pre["hostEmpty"], ", ".join(running)))
    return problems


def outcome(engine, step, seen_moving):
    """'done', 'failed: …' or None (still running) for a started step."""
    action = step["action"]
    if action == "migrate":
        status, host = engine.vm_state(step["vm"])
        if status == "up" and host == step["to"]:
            return "done"
        if status == "up" and host == step["from"] and seen_moving:
            return "failed: the migration ended and VM %s is still up on %s" % (step["vm"], host)
        if status in ("migrating", "up"):
            return None
        return "failed: VM %s is %s on %s" % (step["vm"], status, host or "no host")
    status = engine.host_status(step["host"])
    target = {"host-maintenance": "maintenance", "host-activate": "up",
              "host-power-off": "down", "host-power-on": ("up", "maintenance")}[action]
    if status in (target if isinstance(target, tuple) else (target,)):
        return "done"
    if status in ("error", "install_failed", "non_operational", "non_responsive"):
        return "failed: host %s is %s" % (step["host"], status)
    return None


def already_done(engine, step):
    """Whether the engine already shows the step's result (used on resume)."""
    if step["action"] == "migrate":
        return engine.vm_state(step["vm"]) == ("up", step["to"])
    return outcome(engine, step, seen_moving=False) == "done"


# ---------------------------------------------------------------------------- the run
class Executor:
    def __init__(self, args, plan, journal, out):
        self.args = args
        self.plan = plan
        self.journal = journal
        self.out = out
        self.steps = {s["id"]: s for s in plan["steps"]}

    def say(self, text):
        self.out.write(text + "\n")
        self.out.flush()

    def timeout_of(self, step):
        estimate = float(step.get("estimatedDurationSeconds", 0))
        return estimate * self.args.timeout_factor + self.args.timeout_margin

    def waves(self):
        numbers = sorted({s["wave"] for s in self.plan["steps"]})
        return [(n, [s for s in self.plan["steps"] if s["wave"] == n]) for n in numbers]

    def dry_run(self):
        policies = sorted({s["migration"].get("policy", "?") for s in self.plan["steps"]
                           if s["action"] == "migrate" and s.get("migration")})
        if policies:
            self.say("note: the migrate action carries the destination only; the engine applies "
                     "the VM's or cluster's migration policy (the plan's: %s)" % ", ".join(policies))
        for number, steps in self.waves():
            self.say("wave %d" % number)
            for step in steps:
                self.say("  %s: check %s" % (step["id"], json.dumps(step["precondition"],
                                                                    sort_keys=True)))
                method, path, body = call_of(step)
                self.say("  %s: %s %s %s" % (step["id"], method, path, body))
                if step["action"] == "migrate":
                    self.say("  %s: poll GET /ovirt-engine/api/vms/{id of vm %s} until up on %s"
                             % (step["id"], step["vm"], step["to"]))
                else:
                    self.say("  %s: poll GET /ovirt-engine/api/hosts/{id of host %s}"
                             % (step["id"], step["host"]))
        return EXIT_DONE

    def run(self, engine):
        done = self.journal.steps_with("step-done")
        started = self.journal.steps_with("step-started") - done
        self.journal.write("run-start", plan=self.args.plan, planDigest=sha256_of(self.args.plan),
                           snapshotDigest=self.plan["snapshot"]["digest"],
                           resumedSteps=sorted(done, key=self.order))
        for step_id in sorted(started, key=self.order):
            step = self.steps[step_id]
            if already_done(engine, step):
                self.journal.write("step-done", step=step_id, recovered=True, undo=undo_of(step))
                done.add(step_id)
                self.say("%s: was started before the interruption and is done" % step_id)
        failure = None
        try:
            for number, steps in self.waves():
                pending = [s for s in steps if s["id"] not in done]
                if not pending:
                    continue
                failure = self.run_wave(engine, number, pending, done)
                if failure:
                    break
        except Exception as error:  # lost connection, engine error while polling, …
            # Steps that were running stay `step-started` in the journal; --resume checks them.
            self.journal.write("run-interrupted", error=str(error))
            failure = (None, "interrupted: %s: %s" % (type(error).__name__, error))
        return self.report(done, failure)

    def order(self, step_id):
        return [s["id"] for s in self.plan["steps"]].index(step_id)

    def run_wave(self, engine, number, steps, done):
        self.say("wave %d: %s" % (number, ", ".join(s["id"] for s in steps)))
        for step in steps:
            missing = [d for d in step.get("dependsOn", []) if d not in done]
            if missing:
                return self.stop(step, "depends on %s, not done" % ", ".join(missing))
            try:
                problems = precondition_problems(engine, step)
            except LookupError as error:
                problems = [str(error)]
            if problems:
                self.journal.write("precondition-failed", step=step["id"], problems=problems)
                return self.stop(step, "precondition no longer holds: " + "; ".join(problems))
            self.journal.write("precondition-ok", step=step["id"])
        running = {}
        failure = None
        for step in steps:
            try:
                method, path, body = call_of(step, engine.vm_id, engine.host_id)
                self.journal.write("call", step=step["id"], what=describe(step), method=method,
                                   path=path, body=body)
                engine.start(step)
            except Exception as error:  # an engine fault: the step did not start
                self.journal.write("step-failed", step=step["id"], error=str(error))
                self.say("  %s: FAILED to start: %s" % (step["id"], error))
                failure = failure or (step["id"], "the engine refused it: %s" % error)
                break
            self.journal.write("step-started", step=step["id"], migration=step.get("migration"))
            self.say("  %s: started %s" % (step["id"], describe(step)))
            running[step["id"]] = (step, time.monotonic(), False)
        while running:
            time.sleep(self.args.poll_interval)
            for step_id, (step, began, seen) in list(running.items()):
                elapsed = time.monotonic() - began
                if step["action"] == "migrate" and not seen:
                    seen = engine.vm_state(step["vm"])[0] == "migrating"
                result = outcome(engine, step, seen or elapsed > self.args.settle_seconds)
                if result is None and elapsed > self.timeout_of(step):
                    result = "failed: timed out after %.1f s (estimate %.1f s)" % (
                        elapsed, float(step.get("estimatedDurationSeconds", 0)))
                if result is None:
                    running[step_id] = (step, began, seen)
                    continue
                del running[step_id]
                if result == "done":
                    done.add(step_id)
                    self.journal.write("step-done", step=step_id, seconds=round(elapsed, 3),
                                       undo=undo_of(step))
                    self.say("  %s: done in %.2f s" % (step_id, elapsed))
                else:
                    reason = result[len("failed: "):]
                    self.journal.write("step-failed", step=step_id, error=reason,
                                       seconds=round(elapsed, 3))
                    self.say("  %s: FAILED: %s" % (step_id, reason))
                    failure = failure or (step_id, reason)
        return failure

    def stop(self, step, reason):
        self.say("  %s: not started: %s" % (step["id"], reason))
        return (step["id"], reason)

    def report(self, done, failure):
        ids = [s["id"] for s in self.plan["steps"]]
        not_done = [i for i in ids if i not in done]
        if failure is None:
            self.journal.write("run-finished", done=ids)
            self.say("plan carried out: %d step%s done" % (len(ids), "" if len(ids) == 1 else "s"))
            return EXIT_DONE
        failed_step, reason = failure
        self.journal.write("run-stopped", failedStep=failed_step, reason=reason,
                           done=[i for i in ids if i in done], notDone=not_done)
        self.say("STOPPED at %s: %s" % (failed_step, reason) if failed_step
                 else "STOPPED: %s" % reason)
        self.say("  done:     %s" % (", ".join(i for i in ids if i in done) or "nothing"))
        self.say("  not done: %s" % ", ".join(not_done))
        if self.journal.path:
            self.say("  journal:  %s (resume with --resume %s)" % (
                self.journal.path, self.journal.path))
        return EXIT_STOPPED


def describe(step):
    if step["action"] == "migrate":
        return "migrate %s %s -> %s" % (step["vm"], step["from"], step["to"])
    return "%s %s" % (step["action"], step["host"])


# ---------------------------------------------------------------------------- entry point
def verify(args, plan):
    """Refuses a plan that `shepherd verify` rejects or that was made from another snapshot."""
    digest = sha256_of(args.snapshot)
    if plan.get("snapshot", {}).get("digest") != digest:
        raise Refused("the plan was made from another snapshot (plan %s, %s is %s): make a new "
                      "plan from the engine's current state" % (
                          plan.get("snapshot", {}).get("digest"), args.snapshot, digest))
    command = [args.shepherd, "verify", args.plan, args.snapshot]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise Refused("`%s` failed (exit %d):\n%s%s" % (
            " ".join(command), result.returncode, result.stdout, result.stderr))
    unsupported = sorted({s["action"] for s in plan["steps"] if s["action"] not in ACTIONS})
    if unsupported:
        raise Refused("this executor does not carry out %s steps (the engine restarts highly "
                      "available VMs itself)" % ", ".join(unsupported))
    return result.stdout.strip()


def connect(args):
    import ovirtsdk4 as sdk

    password = args.password
    if args.password_file:
        with open(args.password_file, encoding="utf-8") as f:
            password = f.read().rstrip("\n")
    if password is None:
        password = os.environ.get("OVIRT_PASSWORD")
    return sdk.Connection(url=args.url, username=args.username, password=password,
                          ca_file=args.ca_file, insecure=args.insecure, timeout=args.http_timeout)


def parse(argv):
    parser = argparse.ArgumentParser(
        prog="shepherd_execute.py", description=__doc__.split("\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.split("\n")[4:]))
    parser.add_argument("plan", help="the plan (shepherd plan --format json)")
    parser.add_argument("snapshot", help="the snapshot the plan was made from")
    parser.add_argument("--url", help="engine API URL, e.g. https://engine/ovirt-engine/api")
    parser.add_argument("--username", default="admin@internal")
    parser.add_argument("--password", help="(prefer --password-file or $OVIRT_PASSWORD)")
    parser.add_argument("--password-file")
    parser.add_argument("--ca-file")
    parser.add_argument("--insecure", action="store_true", help="do not verify TLS")
    parser.add_argument("--shepherd", default=os.environ.get("SHEPHERD", "shepherd"),
                        help="the shepherd binary (default: $SHEPHERD or shepherd on PATH)")
    parser.add_argument("--journal", help="journal file to append to (JSON lines)")
    parser.add_argument("--resume", metavar="JOURNAL", help="continue the run of this journal")
    parser.add_argument("--dry-run", action="store_true", help="print the API calls, send none")
    parser.add_argument("--poll-interval", type=float, default=2.0, help="seconds (default 2)")
    parser.add_argument("--timeout-factor", type=float, default=3.0,
                        help="a step times out after factor x estimate + margin (default 3)")
    parser.add_argument("--timeout-margin", type=float, default=120.0,
                        help="seconds (default 120)")
    parser.add_argument("--settle-seconds", type=float, default=10.0,
                        help="a migrating VM still up on its source after this long, never seen "
                             "migrating, counts as failed (default 10)")
    parser.add_argument("--http-timeout", type=int, default=60)
    args = parser.parse_args(argv)
    if not args.dry_run and not args.url:
        parser.error("--url is required unless --dry-run")
    if args.journal and args.resume:
        parser.error("--resume appends to its journal; do not give --journal too")
    return args


def main(argv=None, out=sys.stdout):
    args = parse(argv)
    try:
        with open(args.plan, encoding="utf-8") as f:
            plan = json.load(f)
        entries = []
        if args.resume:
            entries = Journal.read(args.resume)
            starts = [e for e in entries if e.get("event") == "run-start"]
            if not starts or starts[0].get("planDigest") != sha256_of(args.plan):
                raise Refused("%s is not a journal of %s" % (args.resume, args.plan))
        verdict = verify(args, plan)
        out.write("verify: %s\n" % verdict)
    except (OSError, ValueError, subprocess.SubprocessError, Refused) as error:
        out.write("REFUSED: %s\n" % error)
        out.flush()
        return EXIT_REFUSED
    journal = Journal(None if args.dry_run else (args.resume or args.journal), entries)
    executor = Executor(args, plan, journal, out)
    if args.dry_run:
        return executor.dry_run()
    connection = connect(args)
    try:
        engine = Engine(connection, plan["snapshot"]["cluster"])
        return executor.run(engine)
    finally:
        journal.close()
        try:
            connection.close()
        except Exception:  # the engine is gone; there is no session to log out of
            pass


if __name__ == "__main__":
    sys.exit(main())
