#!/usr/bin/env python3
"""Writes a large synthetic snapshot and a valid balance-style plan for it, for report tests.

Usage: synthetic-report-inputs.py HOSTS OUT_DIR

Writes OUT_DIR/snapshot.yaml (HOSTS hosts, 1 to 13 VMs each), OUT_DIR/plan.json (60 migrations
in 30 waves from the first hosts to the last, with a host summary for every host, digests
matching the snapshot) and OUT_DIR/hosts.json (the host names). Planning a 2,000-host cluster
takes minutes in a debug build; this takes a moment, and `shepherd report` verifies the plan.
"""

import hashlib
import json
import os
import sys


def main():
    hosts, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    names = [f"host-{index + 1:04d}" for index in range(hosts)]
    lines = [
        "apiVersion: shepherd/v1", "kind: ClusterSnapshot", "takenAt: 2026-11-28T10:00:00Z",
        "cluster:", "  name: synthetic", '  compatibilityVersion: "4.7"',
        "  scheduling: { policy: vm_evenly_distributed }", "hosts:",
    ]
    cpu = [(index * 37) % 90 for index in range(hosts)]
    vms_on = [[] for _ in range(hosts)]
    count = 0
    for host in range(hosts):
        for _ in range((host * 7) % 13 + 1):
            count += 1
            vms_on[host].append(f"vm-{count:05d}")
    for host, name in enumerate(names):
        committed = 4096 * len(vms_on[host])
        lines += [
            f"  - name: {name}", "    status: Up",
            f"    cpu: {{ sockets: 2, cores: 16, threads: 32, usagePercent: {cpu[host]} }}",
            f"    memory: {{ physicalMiB: 262144, freeMiB: {262144 - committed - 8192}, "
            f"committedMiB: {committed} }}",
        ]
    lines.append("vms:")
    for host, name in enumerate(names):
        for vm in vms_on[host]:
            lines.append(f"  - {{ name: {vm}, host: {name}, status: Up, memoryMiB: 4096, "
                         "vcpus: 2, cpuUsagePercent: 20 }")
    snapshot = ("\n".join(lines) + "\n").encode()
    with open(os.path.join(out, "snapshot.yaml"), "wb") as handle:
        handle.write(snapshot)

    after = [len(vms) for vms in vms_on]
    steps = []
    for index in range(min(60, hosts // 2)):
        source, target = index, hosts - 1 - index
        vm = vms_on[source][0]
        after[source] -= 1
        after[target] += 1
        steps.append({
            "id": f"step-{index + 1}", "action": "migrate", "vm": vm,
            "from": names[source], "to": names[target], "wave": index // 2 + 1,
            "dependsOn": [], "estimatedDurationSeconds": 20.0 + index % 7,
            "precondition": {"vmRunningOn": names[source],
                             "hostsUp": [names[source], names[target]]},
            "reason": {"text": f"'{names[source]}' gives '{vm}' to '{names[target]}'",
                       "proposedBy": "synthetic", "data": {}},
        })
    waves = {}
    for step in steps:
        waves[step["wave"]] = max(waves.get(step["wave"], 0), step["estimatedDurationSeconds"])

    def figures(host, vm_count):
        return {"cpuPercent": float(cpu[host]),
                "memoryPercent": round(4096 * vm_count * 1000 / 262144) / 10,
                "vmCount": vm_count}

    plan = {
        "apiVersion": "shepherd/v1", "kind": "MigrationPlan",
        "snapshot": {"cluster": "synthetic", "takenAt": "2026-11-28T10:00:00Z",
                     "digest": "sha256:" + hashlib.sha256(snapshot).hexdigest()},
        "policy": {"name": "vm_evenly_distributed", "digest": "sha256:" + "0" * 64},
        "trigger": {"kind": "balance", "hosts": [], "vms": []},
        "limits": {"maxMigrations": None, "maxConcurrentMigrationsPerCluster": 2,
                   "maxConcurrentMigrationsPerHost": 2, "bandwidthMbps": None},
        "steps": steps, "unhandled": [],
        "hostSummary": [{"host": name, "before": figures(host, len(vms_on[host])),
                         "after": figures(host, after[host])} for host, name in enumerate(names)],
        "estimatedDurationSeconds": float(sum(waves.values())), "complete": True,
    }
    with open(os.path.join(out, "plan.json"), "w", encoding="utf-8") as handle:
        json.dump(plan, handle, indent=2, sort_keys=True)
    with open(os.path.join(out, "hosts.json"), "w", encoding="utf-8") as handle:
        json.dump(names, handle)


if __name__ == "__main__":
    main()
