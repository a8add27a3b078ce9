"""Fixtures: the shepherd binary, plans made with it, and a fake engine per test."""
import io
import json
import os
import subprocess
import sys
import urllib.request

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
EXECUTOR = os.path.dirname(HERE)
REPO = os.path.dirname(os.path.dirname(EXECUTOR))
sys.path.insert(0, EXECUTOR)

import fake_engine  # noqa: E402
import shepherd_execute  # noqa: E402

DEMO = os.path.join(REPO, "Fixtures/clusters/demo.yaml")
ROLLING = os.path.join(REPO, "Fixtures/scenarios/maintenance/rolling.yaml")


@pytest.fixture(scope="session")
def shepherd():
    path = os.environ.get("SHEPHERD", os.path.join(REPO, ".build/debug/shepherd"))
    if not os.access(path, os.X_OK):
        pytest.fail("no shepherd binary at %s (swift build, or set SHEPHERD)" % path)
    return path


@pytest.fixture
def make_plan(shepherd, tmp_path):
    """Runs `shepherd plan SNAPSHOT ARGS… --format json` and returns the plan's path."""

    def make(snapshot, *arguments, name="plan.json"):
        path = str(tmp_path / name)
        result = subprocess.run(
            [shepherd, "plan", snapshot, *arguments, "--format", "json", "--output", path],
            capture_output=True, text=True, timeout=60)
        assert result.returncode in (0, 1), result.stderr
        return path

    return make


class FakeEngine:
    def __init__(self, process, port):
        self.process = process
        self.url = "http://127.0.0.1:%d/ovirt-engine/api" % port
        self.base = "http://127.0.0.1:%d" % port

    def fetch(self, what):
        with urllib.request.urlopen(self.base + "/fake/" + what, timeout=10) as response:
            return json.load(response)

    def state(self):
        return self.fetch("state")

    def actions(self):
        """The POSTed actions, as (kind, name, action) with names for identifiers."""
        hosts = {fake_engine.uid("host", n): n for n in self.state()["hosts"]}
        vms = {fake_engine.uid("vm", n): n for n in self.state()["vms"]}
        result = []
        for request in self.fetch("requests"):
            if request["method"] != "POST":
                continue
            kind, ident, action = request["path"].split("/")[-3:]
            result.append((kind, (hosts if kind == "hosts" else vms).get(ident, ident), action))
        return result

    def stop(self):
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def engine():
    """Starts a fake engine: engine(snapshot, plan=None, *flags) (no snapshot: the flags say
    what to serve). Stopped after the test."""
    started = []

    def start(snapshot, plan=None, *flags):
        command = [sys.executable, os.path.join(EXECUTOR, "fake_engine.py"),
                   "--lifetime", "60", "--until-stdin-closes", *flags]
        if snapshot:
            command += ["--snapshot", snapshot]
        if plan:
            command += ["--plan", plan]
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   text=True)
        line = process.stdout.readline()
        assert line.startswith("port "), line
        fake = FakeEngine(process, int(line.split()[1]))
        started.append(fake)
        return fake

    yield start
    for fake in started:
        fake.stop()


@pytest.fixture
def execute(shepherd, tmp_path):
    """Runs the executor in-process against a fake engine; returns (exit code, output)."""

    def run(plan, snapshot, fake=None, *flags):
        argv = [plan, snapshot, "--shepherd", shepherd, "--poll-interval", "0.02",
                "--timeout-margin", "5", "--settle-seconds", "0.2", *flags]
        if fake is not None:
            argv += ["--url", fake.url, "--username", fake_engine.USER,
                     "--password", fake_engine.PASSWORD]
        out = io.StringIO()
        code = shepherd_execute.main(argv, out=out)
        return code, out.getvalue()

    return run


@pytest.fixture
def simulate(shepherd):
    """`shepherd simulate PLAN SNAPSHOT ARGS… --format json`, parsed."""

    def run(plan, snapshot, *arguments):
        result = subprocess.run([shepherd, "simulate", plan, snapshot, *arguments,
                                 "--format", "json"], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return run


def journal(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
