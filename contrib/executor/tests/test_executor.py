"""The executor against the fake engine, through the official SDK."""
import json
import shutil

from conftest import DEMO, ROLLING, journal

MAINTENANCE = ("--maintenance", "node-3")
NODE_3_VMS = {"vm-13": "node-1", "vm-16": "node-2", "vm-14": "node-4", "vm-17": "node-5",
              "vm-15": "node-2", "vm-18": "node-5"}


def events(entries, name):
    return [e["step"] for e in entries if e["event"] == name]


def test_balance_plan_is_carried_out(make_plan, engine, execute, tmp_path):
    plan = make_plan(DEMO)
    fake = engine(DEMO, plan)
    log = str(tmp_path / "journal.jsonl")
    code, out = execute(plan, DEMO, fake, "--journal", log)
    assert code == 0, out
    assert "verify: plan is valid: 2 steps in 1 wave" in out
    assert "plan carried out: 2 steps done" in out
    vms = fake.state()["vms"]
    assert vms["mon-01"] == {"status": "up", "host": "host-03"}
    assert vms["ldap-01"] == {"status": "up", "host": "host-03"}
    assert fake.actions() == [("vms", "mon-01", "migrate"), ("vms", "ldap-01", "migrate")]
    entries = journal(log)
    assert [e["event"] for e in entries][0] == "run-start"
    assert events(entries, "step-done") == ["step-1", "step-2"]
    assert entries[-1]["event"] == "run-finished"
    # Each done step says how to undo it.
    undo = [e["undo"] for e in entries if e["event"] == "step-done"]
    assert undo[0] == {"action": "migrate", "vm": "mon-01", "from": "host-03", "to": "host-01"}


def test_maintenance_plan_empties_the_host_then_deactivates_it(
        make_plan, engine, execute, tmp_path):
    plan = make_plan(ROLLING, *MAINTENANCE)
    fake = engine(ROLLING, plan)
    code, out = execute(plan, ROLLING, fake, "--journal", str(tmp_path / "j.jsonl"))
    assert code == 0, out
    state = fake.state()
    assert state["hosts"]["node-3"] == "maintenance"
    for vm, host in NODE_3_VMS.items():
        assert state["vms"][vm] == {"status": "up", "host": host}
    assert fake.actions()[-1] == ("hosts", "node-3", "deactivate")
    assert len(fake.actions()) == 7


def test_failure_mid_wave_stops_the_run_and_resume_finishes_it(
        make_plan, engine, execute, simulate, tmp_path):
    plan = make_plan(ROLLING, *MAINTENANCE)
    # vm-14 is step-3, in wave 2 with step-4 (vm-17).
    fake = engine(ROLLING, plan, "--fail-migration", "vm-14")
    log = str(tmp_path / "j.jsonl")
    code, out = execute(plan, ROLLING, fake, "--journal", log)
    assert code == 1, out
    assert "step-3: FAILED: the migration ended and VM vm-14 is still up on node-3" in out
    assert "STOPPED at step-3" in out
    assert "done:     step-1, step-2, step-4" in out
    assert "not done: step-3, step-5, step-6, step-7" in out
    # The wave's other migration finished; nothing of waves 3 and 4 was sent.
    state = fake.state()
    assert state["vms"]["vm-17"]["host"] == "node-5"
    assert state["vms"]["vm-14"] == {"status": "up", "host": "node-3"}
    assert state["hosts"]["node-3"] == "up"
    assert [a[1] for a in fake.actions()] == ["vm-13", "vm-16", "vm-14", "vm-17"]
    entries = journal(log)
    assert events(entries, "step-failed") == ["step-3"]
    assert entries[-1]["event"] == "run-stopped"
    assert entries[-1]["notDone"] == ["step-3", "step-5", "step-6", "step-7"]

    # `shepherd simulate --fail-step` forecasts the same stop.
    simulated = simulate(plan, ROLLING, "--fail-step", "step-3")
    forecast = [run["id"] for wave in simulated["waves"] for run in wave["steps"]
                if run["outcome"] == "done"]
    assert forecast == sorted(events(entries, "step-done"))
    assert simulated["failure"]["notStarted"] == ["step-5", "step-6", "step-7"]
    assert {s["vm"]: s["host"] for s in simulated["failure"]["misplaced"]}["vm-14"] == "node-3"

    # The engine's migration of vm-14 works the second time: resume from the journal.
    code, out = execute(plan, ROLLING, fake, "--resume", log)
    assert code == 0, out
    assert [a[1] for a in fake.actions()][4:] == ["vm-14", "vm-15", "vm-18", "node-3"]
    assert fake.state()["hosts"]["node-3"] == "maintenance"
    entries = journal(log)
    assert entries[-1]["event"] == "run-finished"
    assert sorted(events(entries, "step-done")) == sorted(
        ["step-%d" % n for n in range(1, 8)])


def test_stale_plan_is_refused_before_any_call(make_plan, engine, execute, tmp_path):
    plan = make_plan(DEMO)
    fake = engine(DEMO, plan)
    changed = tmp_path / "demo-later.yaml"
    shutil.copy(DEMO, changed)
    with open(changed, "a", encoding="utf-8") as f:
        f.write("# taken again later\n")
    code, out = execute(plan, str(changed), fake)
    assert code == 2, out
    assert out.startswith("REFUSED: the plan was made from another snapshot")
    assert fake.fetch("requests") == []


def test_plan_that_fails_verify_is_refused(make_plan, engine, execute, tmp_path):
    plan = make_plan(DEMO)
    with open(plan, encoding="utf-8") as f:
        document = json.load(f)
    # host-06 is in Maintenance: verify rejects a migration to it.
    document["steps"][0]["to"] = "host-06"
    tampered = str(tmp_path / "tampered.json")
    with open(tampered, "w", encoding="utf-8") as f:
        json.dump(document, f)
    fake = engine(DEMO, plan)
    code, out = execute(tampered, DEMO, fake)
    assert code == 2, out
    assert "REFUSED: `" in out and "verify" in out and "host-06" in out
    assert fake.fetch("requests") == []


def test_vm_moved_since_the_plan_stops_before_its_wave(make_plan, engine, execute, tmp_path):
    plan = make_plan(ROLLING, *MAINTENANCE)
    # Someone moved vm-15 (step-5, wave 3) to node-1 after the plan was made.
    fake = engine(ROLLING, plan, "--move", "vm-15=node-1")
    log = str(tmp_path / "j.jsonl")
    code, out = execute(plan, ROLLING, fake, "--journal", log)
    assert code == 1, out
    assert ("step-5: not started: precondition no longer holds: "
            "VM vm-15 is up on node-1, not up on node-3") in out
    assert "not done: step-5, step-6, step-7" in out
    # No step of wave 3 started, not even step-6 whose own precondition holds.
    assert [a[1] for a in fake.actions()] == ["vm-13", "vm-16", "vm-14", "vm-17"]
    assert events(journal(log), "precondition-failed") == ["step-5"]


def test_host_not_empty_blocks_maintenance(make_plan, engine, execute, tmp_path):
    plan = make_plan(ROLLING, *MAINTENANCE)
    # A VM started on node-3 after the plan was made.
    fake = engine(ROLLING, plan, "--move", "vm-20=node-3")
    code, out = execute(plan, ROLLING, fake, "--journal", str(tmp_path / "j.jsonl"))
    assert code == 1, out
    assert "step-7: not started: precondition no longer holds: host node-3 still runs vm-20" in out
    assert fake.state()["hosts"]["node-3"] == "up"
    assert ("hosts", "node-3", "deactivate") not in fake.actions()


def test_destination_host_down_stops_before_the_wave(make_plan, engine, execute, tmp_path):
    plan = make_plan(DEMO)
    fake = engine(DEMO, plan, "--host-status", "host-03=non_responsive")
    code, out = execute(plan, DEMO, fake, "--journal", str(tmp_path / "j.jsonl"))
    assert code == 1, out
    assert "host host-03 is non_responsive, not up" in out
    assert fake.actions() == []


def test_a_migration_that_does_not_finish_times_out(make_plan, engine, execute, tmp_path):
    plan = make_plan(DEMO)
    # 9.3 s estimates x 100: the migrations outlast the executor's 0.3 s time-out.
    fake = engine(DEMO, plan, "--time-scale", "100")
    code, out = execute(plan, DEMO, fake, "--journal", str(tmp_path / "j.jsonl"),
                        "--timeout-factor", "0", "--timeout-margin", "0.3")
    assert code == 1, out
    assert "step-1: FAILED: timed out after 0." in out
    assert "(estimate 9.3 s)" in out
    assert "not done: step-1, step-2" in out
    assert fake.state()["vms"]["mon-01"]["status"] == "migrating"


def test_dry_run_prints_the_calls_and_sends_none(make_plan, execute):
    plan = make_plan(ROLLING, *MAINTENANCE)
    code, out = execute(plan, ROLLING, None, "--dry-run")
    assert code == 0, out
    assert ('step-1: POST /ovirt-engine/api/vms/{id of vm vm-13}/migrate <action><force>false'
            '</force><host id="{id of host node-1}"/>') in out
    assert "step-7: POST /ovirt-engine/api/hosts/{id of host node-3}/deactivate <action/>" in out
    assert "the engine applies the VM's or cluster's migration policy" in out


def test_restart_steps_are_refused(make_plan, execute):
    plan = make_plan(DEMO, "--fail", "host-04")
    code, out = execute(plan, DEMO, None, "--dry-run")
    assert code == 2, out
    assert "does not carry out restart steps" in out


def test_interrupted_run_resumes_from_the_journal(make_plan, engine, execute, tmp_path):
    plan = make_plan(ROLLING, *MAINTENANCE)
    # The engine goes away once it accepted wave 1's two migrations.
    dying = engine(ROLLING, plan, "--crash-after-actions", "2")
    log = str(tmp_path / "j.jsonl")
    code, out = execute(plan, ROLLING, dying, "--journal", log)
    assert code == 1, out
    assert "STOPPED: interrupted: Error: Failed to read response" in out
    entries = journal(log)
    assert entries[-2]["event"] == "run-interrupted"
    assert events(entries, "step-started") == ["step-1", "step-2"]
    assert events(entries, "step-done") == []

    # The engine comes back with wave 1's migrations finished.
    fake = engine(ROLLING, plan, "--move", "vm-13=node-1", "--move", "vm-16=node-2")
    code, out = execute(plan, ROLLING, fake, "--resume", log)
    assert code == 0, out
    assert "step-1: was started before the interruption and is done" in out
    assert [a[1] for a in fake.actions()] == ["vm-14", "vm-17", "vm-15", "vm-18", "node-3"]
    recovered = [e for e in journal(log) if e.get("recovered")]
    assert [e["step"] for e in recovered] == ["step-1", "step-2"]


def test_resume_refuses_a_journal_of_another_plan(make_plan, execute, tmp_path):
    plan = make_plan(ROLLING, *MAINTENANCE)
    other = make_plan(DEMO, name="other.json")
    log = tmp_path / "j.jsonl"
    log.write_text(json.dumps({"event": "run-start", "planDigest": "sha256:0"}) + "\n")
    code, out = execute(plan, ROLLING, None, "--resume", str(log), "--dry-run")
    assert code == 2, out
    assert "is not a journal of" in out
    assert other


def test_fake_engine_serves_saved_engine_responses(engine, tmp_path):
    """What the fake engine serves, saved as an engine export, is served back the same (the
    format `shepherd import ovirt` reads, with the engine's identifiers)."""
    import urllib.request

    import fake_engine

    first = engine(ROLLING)
    token = "Bearer " + fake_engine.TOKEN
    for name in ("clusters", "hosts", "vms"):
        request = urllib.request.Request(first.url + "/" + name, headers={"Authorization": token})
        with urllib.request.urlopen(request, timeout=10) as response:
            (tmp_path / (name + ".xml")).write_bytes(response.read())
    second = engine(None, None, "--export", str(tmp_path), "--cluster", "rolling")
    assert second.state() == first.state()
    assert len(second.state()["vms"]) > 0
