#!/usr/bin/env python3
"""Writes the oVirt REST API (v4) responses of a small example setup with the official SDK.

The documents are serialised by `ovirtsdk4.writers`, which writes the API types exactly as the
engine does, so `shepherd import ovirt --from` is tested against the engine's real format.

    python3 -m venv /tmp/ovirt-sdk && /tmp/ovirt-sdk/bin/pip install ovirt-engine-sdk-python==4.6.3
    /tmp/ovirt-sdk/bin/python Fixtures/ovirt/generate.py          # rewrites Fixtures/ovirt/example/
    /tmp/ovirt-sdk/bin/python Fixtures/ovirt/generate.py DIR      # writes into DIR instead

scripts/test runs it with the executor's venv (contrib/executor, the same SDK) into a temporary
directory and compares the result with Fixtures/ovirt/example/.

The example: data center `dc1` with two clusters. `prod-a` (what the tests import) has four
hosts (one in maintenance), sixteen VMs (the hosted engine, HA VMs of every priority, a VM pinned
to one host, a user-migratable VM, a VM with a disk-cache property and a lease, a stopped VM),
two affinity groups, two affinity labels and a custom scheduling policy `prod_balanced` with a
property override. `lab` has one host and two VMs, so `--cluster` selection is exercised.
Identifiers are fixed (uuid5 of the object's name), so the output is byte-identical per run.
"""
import datetime
import os
import sys
import uuid

import ovirtsdk4.types as t
import ovirtsdk4.writers as w
from ovirtsdk4 import xml

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "example")
NS = uuid.UUID("6f1b7a52-3c39-4c1e-9d0e-5a0c2c3d1e00")
GiB = 1024**3
MiB = 1024**2
TIME = datetime.datetime(2026, 11, 28, 10, 0, 0, tzinfo=datetime.timezone.utc)


def uid(kind, name):
    return str(uuid.uuid5(NS, kind + "/" + name))


def linked(obj, path):
    """Sets the `href` the engine writes on every identified object."""
    obj.href = "/ovirt-engine/api/" + path
    return obj


def new(cls, href_path, **kwargs):
    return linked(cls(**kwargs), href_path)


def ref(cls, kind, name):
    return linked(cls(id=uid(kind, name)), "%ss/%s" % (kind, uid(kind, name)))


def stat(name, value, unit, kind=t.StatisticKind.GAUGE, vtype=t.ValueType.DECIMAL, desc=""):
    return t.Statistic(
        name=name, description=desc, kind=kind, type=vtype, unit=unit,
        values=[t.Value(datum=float(value))])


def write(name, writer_class, objects, root):
    writer = xml.XmlWriter(None, indent=True)
    writer_class.write_many(objects, writer, None, root)
    text = writer.string()
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        # The engine sends this declaration; the SDK writer writes the element only.
        f.write('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n')
        f.write(text if text.endswith("\n") else text + "\n")


def write_one(name, writer_class, obj, root):
    writer = xml.XmlWriter(None, indent=True)
    writer_class.write_one(obj, writer, root)
    text = writer.string()
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n')
        f.write(text if text.endswith("\n") else text + "\n")


# ---------------------------------------------------------------- networks and storage
NETWORKS = {
    "ovirtmgmt": [t.NetworkUsage.MANAGEMENT, t.NetworkUsage.VM, t.NetworkUsage.DISPLAY,
                  t.NetworkUsage.MIGRATION, t.NetworkUsage.DEFAULT_ROUTE],
    "vm-net": [t.NetworkUsage.VM],
    "storage-net": [],
}
DOMAINS = [("data1", t.StorageDomainType.DATA), ("data2", t.StorageDomainType.DATA),
           ("iso", t.StorageDomainType.ISO)]


def networks():
    return [
        new(t.Network,
            id=uid("network", name), href_path="networks/" + uid("network", name),
            name=name, description="", mtu=1500 if name != "storage-net" else 9000,
            usages=usages, required=True, vdsm_name=name, stp=False,
            data_center=ref(t.DataCenter, "datacenter", "dc1"))
        for name, usages in NETWORKS.items()
    ]


def cluster_networks(required):
    return [
        t.Network(
            id=uid("network", name), name=name, usages=NETWORKS[name],
            required=name in required, display=t.NetworkUsage.DISPLAY in NETWORKS[name],
            data_center=ref(t.DataCenter, "datacenter", "dc1"))
        for name in NETWORKS
    ]


def vnic_profiles():
    return [
        new(t.VnicProfile,
            id=uid("vnicprofile", name), href_path="vnicprofiles/" + uid("vnicprofile", name),
            name=name, pass_through=t.VnicPassThrough(mode=t.VnicPassThroughMode.DISABLED),
            port_mirroring=False, network=ref(t.Network, "network", name))
        for name in ("ovirtmgmt", "vm-net")
    ]


def storage_domains():
    return [
        new(t.StorageDomain,
            id=uid("storagedomain", name), href_path="storagedomains/" + uid("storagedomain", name),
            name=name, type=kind, available=800 * GiB, used=200 * GiB, committed=300 * GiB,
            master=name == "data1", storage=t.HostStorage(
                type=t.StorageType.NFS, address="nfs.example.com", path="/exports/" + name),
            data_centers=[ref(t.DataCenter, "datacenter", "dc1")])
        for name, kind in DOMAINS
    ]


# ---------------------------------------------------------------- scheduling
UNITS = {
    "filter": ["CPU", "CPUOverloaded", "Memory", "Swap", "Network", "HA", "Emulated-Machine",
               "NUMA", "HugePages", "Migration", "VmAffinityGroups", "VmToHostsAffinityGroups",
               "HostedEngineSpares", "Migration-Tsc-Frequency", "Host-hooks", "PinToHost",
               "Compatibility-Version", "CPU-Level", "CPUTopology", "CpuPinning", "HostDevice",
               "VmLeasesReady", "MDevice", "ClusterInMaintenance", "LabelFilter-Legacy"],
    "weight": ["OptimalForCpuEvenDistribution", "OptimalForMemoryEvenDistribution",
               "OptimalForEvenGuestDistribution", "OptimalForCpuPowerSaving",
               "OptimalForMemoryPowerSaving", "PreferredHosts", "HA", "OptimalForHaReservation",
               "VmAffinityGroups", "VmToHostsAffinityGroups", "HighPerformanceCpu",
               "CpuAndNumaPinningCompatibility"],
    "load_balancing": ["OptimalForEvenDistribution", "OptimalForPowerSaving",
                       "OptimalForEvenGuestDistribution", "None"],
}
UNIT_TYPES = {"filter": t.PolicyUnitType.FILTER, "weight": t.PolicyUnitType.WEIGHT,
              "load_balancing": t.PolicyUnitType.LOAD_BALANCING}


def unit_ref(kind, name):
    return t.SchedulingPolicyUnit(id=uid("unit-" + kind, name))


def scheduling_policy_units():
    return [
        new(t.SchedulingPolicyUnit,
            id=uid("unit-" + kind, name), href_path="schedulingpolicyunits/" + uid("unit-" + kind, name),
            name=name, type=UNIT_TYPES[kind], enabled=True, internal=True, description="")
        for kind, names in UNITS.items() for name in names
    ]


def policy(name, filters, weights, balance, properties, locked=True, default=False):
    pid = uid("schedulingpolicy", name)
    return new(t.SchedulingPolicy,
        id=pid, href_path="schedulingpolicies/" + pid, name=name, locked=locked,
        default_policy=default, description="",
        properties=[t.Property(name=k, value=str(v)) for k, v in properties],
        filters=[
            t.Filter(id=uid("unit-filter", f), position=pos,
                     scheduling_policy_unit=unit_ref("filter", f))
            for f, pos in filters],
        weight=[
            t.Weight(id=uid("unit-weight", u), factor=factor,
                     scheduling_policy_unit=unit_ref("weight", u))
            for u, factor in weights],
        balances=[t.Balance(id=uid("unit-load_balancing", balance),
                            scheduling_policy_unit=unit_ref("load_balancing", balance))])


COMMON_FILTERS = [(f, 0) for f in ["CPU", "CPUOverloaded", "Emulated-Machine", "HA", "Swap",
                                   "Memory", "NUMA", "HugePages", "Migration",
                                   "VmAffinityGroups", "VmToHostsAffinityGroups", "Network",
                                   "HostedEngineSpares", "Migration-Tsc-Frequency", "Host-hooks",
                                   "PinToHost", "Compatibility-Version", "CPU-Level"]]
COMMON_WEIGHTS = [("OptimalForCpuEvenDistribution", 2), ("OptimalForMemoryEvenDistribution", 1),
                  ("PreferredHosts", 99), ("HA", 1), ("OptimalForHaReservation", 1),
                  ("VmAffinityGroups", 1), ("VmToHostsAffinityGroups", 20),
                  ("HighPerformanceCpu", 4), ("CpuAndNumaPinningCompatibility", 5)]


def scheduling_policies():
    return [
        policy("none", COMMON_FILTERS, COMMON_WEIGHTS, "None",
               [("CpuOverCommitDurationMinutes", 2), ("HighUtilization", 80)], default=True),
        policy("evenly_distributed", COMMON_FILTERS, COMMON_WEIGHTS, "OptimalForEvenDistribution",
               [("HeSparesCount", 0), ("CpuOverCommitDurationMinutes", 2),
                ("HighUtilization", 80), ("VCpuToPhysicalCpuRatio", 0)]),
        # A custom policy: a subset of the filters (one the engine used to have, which Shepherd
        # does not know), even-guest distribution with preferred hosts, and its own properties.
        policy("prod_balanced",
               [("PinToHost", 1)] + [(f, 0) for f in ["CPU", "Memory", "Network", "HA",
                                                       "Migration", "VmAffinityGroups",
                                                       "VmToHostsAffinityGroups",
                                                       "LabelFilter-Legacy"]],
               [("OptimalForEvenGuestDistribution", 2), ("PreferredHosts", 99),
                ("VmAffinityGroups", 1), ("VmToHostsAffinityGroups", 20)],
               "OptimalForEvenGuestDistribution",
               [("HighVmCount", 10), ("MigrationThreshold", 5), ("SpmVmGrace", 5)], locked=False),
    ]


# ---------------------------------------------------------------- clusters
MINIMAL_DOWNTIME = "80554327-0569-496b-bdeb-fcbbf52b827b"
POST_COPY = "a7aeedb2-8d66-4e51-bb22-32595027ce71"


def clusters():
    prod = new(t.Cluster,
        id=uid("cluster", "prod-a"), href_path="clusters/" + uid("cluster", "prod-a"),
        name="prod-a", description="Production, site A",
        cpu=t.Cpu(architecture=t.Architecture.X86_64, type="Intel Icelake Server Family"),
        version=t.Version(major=4, minor=7),
        memory_policy=t.MemoryPolicy(over_commit=t.MemoryOverCommit(percent=150)),
        threads_as_cores=False, ha_reservation=True, ballooning_enabled=True,
        error_handling=t.ErrorHandling(on_error=t.MigrateOnError.MIGRATE_HIGHLY_AVAILABLE),
        migration=t.MigrationOptions(
            auto_converge=t.InheritableBoolean.INHERIT, compressed=t.InheritableBoolean.INHERIT,
            encrypted=t.InheritableBoolean.TRUE,
            parallel_migrations_policy=t.ParallelMigrationsPolicy.CUSTOM,
            custom_parallel_migrations=4,
            bandwidth=t.MigrationBandwidth(
                assignment_method=t.MigrationBandwidthAssignmentMethod.CUSTOM, custom_value=5000),
            policy=t.MigrationPolicy(id=POST_COPY)),
        scheduling_policy=ref(t.SchedulingPolicy, "schedulingpolicy", "prod_balanced"),
        custom_scheduling_policy_properties=[t.Property(name="HighVmCount", value="6")],
        data_center=ref(t.DataCenter, "datacenter", "dc1"),
        networks=cluster_networks({"ovirtmgmt", "vm-net"}))
    lab = new(t.Cluster,
        id=uid("cluster", "lab"), href_path="clusters/" + uid("cluster", "lab"),
        name="lab", description="",
        cpu=t.Cpu(architecture=t.Architecture.X86_64, type="Intel Skylake Server Family"),
        version=t.Version(major=4, minor=7),
        memory_policy=t.MemoryPolicy(over_commit=t.MemoryOverCommit(percent=100)),
        threads_as_cores=True, ha_reservation=False,
        error_handling=t.ErrorHandling(on_error=t.MigrateOnError.MIGRATE),
        migration=t.MigrationOptions(
            encrypted=t.InheritableBoolean.INHERIT,
            parallel_migrations_policy=t.ParallelMigrationsPolicy.INHERIT,
            bandwidth=t.MigrationBandwidth(
                assignment_method=t.MigrationBandwidthAssignmentMethod.AUTO),
            policy=t.MigrationPolicy(id=MINIMAL_DOWNTIME)),
        scheduling_policy=ref(t.SchedulingPolicy, "schedulingpolicy", "evenly_distributed"),
        custom_scheduling_policy_properties=[],
        data_center=ref(t.DataCenter, "datacenter", "dc1"),
        networks=cluster_networks({"ovirtmgmt"}))
    return [prod, lab]


# ---------------------------------------------------------------- hosts
# name, cluster, status, sockets, cores/socket, threads/core, memory GiB, cpu %, free GiB,
# spm, hosted-engine score (None: not configured)
HOSTS = [
    ("host-01", "prod-a", t.HostStatus.UP, 2, 16, 2, 512, 45.0, 300, True, 3400),
    ("host-02", "prod-a", t.HostStatus.UP, 2, 16, 2, 512, 72.0, 210, False, 3400),
    ("host-03", "prod-a", t.HostStatus.UP, 2, 24, 2, 768, 20.0, 640, False, None),
    ("host-04", "prod-a", t.HostStatus.MAINTENANCE, 2, 16, 2, 512, 0.0, 505, False, None),
    ("lab-01", "lab", t.HostStatus.UP, 1, 8, 2, 128, 12.0, 100, False, None),
]


def host_statistics(memory, free, cpu, host_id):
    used = memory - free
    stats = [
        stat("memory.total", memory, t.StatisticUnit.BYTES, vtype=t.ValueType.INTEGER,
             desc="Total memory"),
        stat("memory.used", used, t.StatisticUnit.BYTES, vtype=t.ValueType.INTEGER,
             desc="Used memory"),
        stat("memory.free", free, t.StatisticUnit.BYTES, vtype=t.ValueType.INTEGER,
             desc="Free memory"),
        stat("memory.buffers", 0, t.StatisticUnit.BYTES, vtype=t.ValueType.INTEGER,
             desc="I/O buffers"),
        stat("memory.cached", 0, t.StatisticUnit.BYTES, vtype=t.ValueType.INTEGER,
             desc="OS caches"),
        stat("swap.total", 8 * GiB, t.StatisticUnit.BYTES, vtype=t.ValueType.INTEGER,
             desc="Total swap"),
        stat("swap.free", 8 * GiB - 512 * MiB, t.StatisticUnit.BYTES, vtype=t.ValueType.INTEGER,
             desc="Free swap"),
        stat("swap.used", 512 * MiB, t.StatisticUnit.BYTES, vtype=t.ValueType.INTEGER,
             desc="Used swap"),
        stat("ksm.cpu.current", 0, t.StatisticUnit.PERCENT, desc="KSM CPU usage"),
        stat("cpu.current.user", round(cpu * 0.8, 1), t.StatisticUnit.PERCENT, desc="User CPU usage"),
        stat("cpu.current.system", round(cpu * 0.2, 1), t.StatisticUnit.PERCENT,
             desc="System CPU usage"),
        stat("cpu.current.idle", round(100 - cpu, 1), t.StatisticUnit.PERCENT, desc="Idle CPU usage"),
        stat("cpu.load.avg.5m", 1.5, t.StatisticUnit.NONE, desc="CPU 5 minute load average"),
        stat("boot.time", 1795000000, t.StatisticUnit.SECONDS, vtype=t.ValueType.INTEGER,
             desc="Boot time of the machine"),
        stat("hugepages.2048.free", 512, t.StatisticUnit.NONE, vtype=t.ValueType.INTEGER,
             desc="Amount of free huge pages of the given size"),
        stat("hugepages.2048.total", 1024, t.StatisticUnit.NONE, vtype=t.ValueType.INTEGER,
             desc="Amount of total huge pages of the given size"),
    ]
    for s in stats:
        s.host = t.Host(id=host_id)
    return stats


def numa_nodes(name, sockets, cores, threads, memory, free):
    nodes = []
    per_node = cores * threads
    for index in range(sockets):
        node_id = uid("numanode", "%s/%d" % (name, index))
        nodes.append(new(t.NumaNode,
            id=node_id, href_path="hosts/%s/numanodes/%s" % (uid("host", name), node_id),
            index=index, memory=memory // sockets // MiB, node_distance="10 21" if index == 0 else "21 10",
            cpu=t.Cpu(cores=[t.Core(index=index * per_node + i) for i in range(per_node)]),
            host=t.Host(id=uid("host", name)),
            statistics=[stat("memory.free", free // sockets, t.StatisticUnit.BYTES,
                             vtype=t.ValueType.INTEGER, desc="Free memory")]))
    return nodes


def hosts():
    result = []
    labels = {"host-02": ["ssd"], "host-03": ["ssd", "licensed"]}
    for (name, cluster, status, sockets, cores, threads, mem_gib, cpu, free_gib, spm,
         he_score) in HOSTS:
        host_id = uid("host", name)
        memory = mem_gib * GiB
        free = free_gib * GiB
        # The engine's max_scheduling_memory: over-commit % × physical − committed − reserved.
        overcommit = 150 if cluster == "prod-a" else 100
        committed = (memory - free) if status == t.HostStatus.UP else 0
        max_sched = max(0, memory * overcommit // 100 - committed - 256 * MiB)
        if status != t.HostStatus.UP:
            max_sched = 0
        networks_attached = ["ovirtmgmt", "vm-net", "storage-net"] if cluster == "prod-a" else ["ovirtmgmt"]
        host = new(t.Host,
            id=host_id, href_path="hosts/" + host_id, name=name, address=name + ".example.com",
            status=status, type=t.HostType.RHEL, memory=memory, max_scheduling_memory=max_sched,
            cpu=t.Cpu(name="Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz", speed=2000.0,
                      type="Intel Icelake Server Family" if cluster == "prod-a" else "Intel Skylake Server Family",
                      topology=t.CpuTopology(sockets=sockets, cores=cores, threads=threads)),
            os=t.OperatingSystem(type="RHEL", version=t.Version(
                full_version="8.9 - 1.el8", major=8, minor=9)),
            version=t.Version(full_version="vdsm-4.50.5.1-1.el8", major=4, minor=50, build=5,
                              revision=1),
            libvirt_version=t.Version(full_version="libvirt-8.0.0-22.module+el8.9.0", major=8,
                                      minor=0, build=0),
            spm=t.Spm(priority=5, status=t.SpmStatus.SPM if spm else t.SpmStatus.NONE),
            hosted_engine=t.HostedEngine(
                configured=he_score is not None, active=he_score is not None,
                score=he_score or 0, local_maintenance=False, global_maintenance=False),
            power_management=t.PowerManagement(enabled=name != "lab-01", automatic_pm_enabled=True,
                                               kdump_detection=True),
            device_passthrough=t.HostDevicePassthrough(enabled=name == "host-03"),
            numa_supported=True, kdump_status=t.KdumpStatus.DISABLED,
            summary=t.VmSummary(active=0, migrating=0, total=0),
            ksm=t.Ksm(enabled=False),
            cluster=ref(t.Cluster, "cluster", cluster),
            statistics=host_statistics(memory, free, cpu, host_id) if status == t.HostStatus.UP
            else [],
            numa_nodes=numa_nodes(name, sockets, cores, threads, memory, free),
            hooks=[
                t.Hook(id=uid("hook", name + "/" + event + "/" + hook), name=hook,
                       event_name=event, md5="0" * 32)
                for event, hook in [("before_vm_start", "50_vhostmd"),
                                    ("after_vm_destroy", "50_vhostmd"),
                                    ("before_vm_migrate_destination", "50_vhostmd")]
            ] if cluster == "prod-a" else [],
            network_attachments=[
                t.NetworkAttachment(id=uid("attachment", name + "/" + net),
                                    network=ref(t.Network, "network", net), in_sync=True)
                for net in networks_attached
            ],
            devices=[
                t.HostDevice(id=uid("device", name + "/" + dev), name=dev, capability=cap,
                             iommu_group=group, placeholder=False,
                             product=t.Product(id="0x1db6", name=prod),
                             vendor=t.Vendor(id="0x10de", name="NVIDIA Corporation"))
                for dev, cap, group, prod in [
                    ("computer", "system", None, None),
                    ("pci_0000_3b_00_0", "pci", 30, "GV100GL [Tesla V100 PCIe 32GB]"),
                ] if cap == "system" or name == "host-03"
            ],
            affinity_labels=[ref(t.AffinityLabel, "affinitylabel", label) for label in labels.get(name, [])])
        result.append(host)
    return result


# ---------------------------------------------------------------- VMs
# name, cluster, host (None: down), status, memory GiB, guaranteed GiB, sockets, cores, threads,
# cpu %, HA priority (None: not HA), placement (affinity, [hosts]), extra
VMS = [
    ("HostedEngine", "prod-a", "host-01", t.VmStatus.UP, 16, 16, 4, 1, 1, 12.0, None,
     (t.VmAffinity.MIGRATABLE, []), {"origin": "managed_hosted_engine"}),
    ("db-01", "prod-a", "host-01", t.VmStatus.UP, 64, 64, 2, 8, 1, 55.0, 100,
     (t.VmAffinity.MIGRATABLE, []), {"disks": ["data1", "data2"], "lease": "data1",
                                     "labels": ["database"]}),
    ("db-02", "prod-a", "host-02", t.VmStatus.UP, 64, 64, 2, 8, 1, 48.0, 100,
     (t.VmAffinity.MIGRATABLE, []), {"disks": ["data1", "data2"], "lease": "data1",
                                     "labels": ["database"]}),
    ("db-03", "prod-a", "host-03", t.VmStatus.UP, 64, 32, 2, 8, 1, 30.0, 50,
     (t.VmAffinity.MIGRATABLE, []), {"disks": ["data2"], "labels": ["database"]}),
    ("web-01", "prod-a", "host-01", t.VmStatus.UP, 8, 4, 1, 4, 1, 22.0, 1,
     (t.VmAffinity.MIGRATABLE, []), {"nics": ["vm-net", "ovirtmgmt"]}),
    ("web-02", "prod-a", "host-02", t.VmStatus.UP, 8, 4, 1, 4, 1, 35.5, 1,
     (t.VmAffinity.MIGRATABLE, []), {"nics": ["vm-net", "ovirtmgmt"]}),
    ("web-03", "prod-a", "host-02", t.VmStatus.UP, 8, 4, 1, 4, 1, 18.0, None,
     (t.VmAffinity.MIGRATABLE, ["host-02", "host-03"]), {"nics": ["vm-net"]}),
    ("web-04", "prod-a", "host-03", t.VmStatus.UP, 8, 4, 1, 4, 1, 9.0, None,
     (t.VmAffinity.MIGRATABLE, []), {"nics": ["vm-net"]}),
    ("cache-01", "prod-a", "host-01", t.VmStatus.UP, 32, 32, 1, 8, 1, 40.0, None,
     (t.VmAffinity.MIGRATABLE, []), {"custom": [("viodiskcache", "writeback")]}),
    ("lic-01", "prod-a", "host-03", t.VmStatus.UP, 4, 4, 1, 2, 1, 5.0, None,
     (t.VmAffinity.PINNED, ["host-03"]),
     {"pinning": [(0, "0"), (1, "1")], "devices": ["pci_0000_3b_00_0"]}),
    ("build-01", "prod-a", "host-02", t.VmStatus.UP, 16, 8, 1, 8, 1, 80.0, None,
     (t.VmAffinity.USER_MIGRATABLE, []), {"io_threads": 2}),
    ("build-02", "prod-a", "host-03", t.VmStatus.UP, 16, 8, 1, 8, 1, 65.0, None,
     (t.VmAffinity.MIGRATABLE, []), {"custom": [("hugepages", "2048")]}),
    ("mon-01", "prod-a", "host-01", t.VmStatus.UP, 4, 4, 1, 2, 1, 3.0, 50,
     (t.VmAffinity.MIGRATABLE, []), {"compat": (4, 7), "emulated": "pc-q35-rhel8.6.0"}),
    ("mail-01", "prod-a", "host-02", t.VmStatus.PAUSED, 8, 8, 1, 2, 1, 0.0, None,
     (t.VmAffinity.MIGRATABLE, []), {}),
    ("test-01", "prod-a", None, t.VmStatus.DOWN, 4, 4, 1, 2, 1, None, None,
     (t.VmAffinity.MIGRATABLE, ["host-03"]), {}),
    ("old-01", "prod-a", None, t.VmStatus.SUSPENDED, 2, 2, 1, 1, 1, None, None,
     (t.VmAffinity.MIGRATABLE, []), {}),
    ("lab-vm-01", "lab", "lab-01", t.VmStatus.UP, 4, 4, 1, 2, 1, 15.0, None,
     (t.VmAffinity.MIGRATABLE, []), {}),
    ("lab-vm-02", "lab", None, t.VmStatus.DOWN, 4, 4, 1, 2, 1, None, None,
     (t.VmAffinity.MIGRATABLE, []), {}),
]


def vm_statistics(vm_id, memory, cpu):
    stats = [
        stat("memory.installed", memory, t.StatisticUnit.BYTES, vtype=t.ValueType.INTEGER,
             desc="Total memory configured"),
        stat("memory.used", memory * 6 // 10, t.StatisticUnit.BYTES, vtype=t.ValueType.INTEGER,
             desc="Memory used (agent)"),
        stat("memory.free", memory * 4 // 10, t.StatisticUnit.BYTES, vtype=t.ValueType.INTEGER,
             desc="Memory free (agent)"),
        stat("cpu.current.guest", round(cpu * 0.9, 1), t.StatisticUnit.PERCENT, desc="CPU used by guest"),
        stat("cpu.current.hypervisor", round(cpu * 0.1, 1), t.StatisticUnit.PERCENT, desc="CPU overhead"),
        stat("cpu.current.total", cpu, t.StatisticUnit.PERCENT, desc="Total CPU used"),
        stat("migration.progress", 0, t.StatisticUnit.PERCENT, desc="Migration Progress"),
        stat("network.current.total", 0, t.StatisticUnit.PERCENT, desc="Total network used"),
        stat("elapsed.time", 86400, t.StatisticUnit.SECONDS, vtype=t.ValueType.INTEGER,
             desc="Elapsed VM runtime"),
    ]
    for s in stats:
        s.vm = t.Vm(id=vm_id)
    return stats


def vms():
    result = []
    for (name, cluster, host, status, mem_gib, guaranteed_gib, sockets, cores, threads, cpu, ha,
         (affinity, dedicated), extra) in VMS:
        vm_id = uid("vm", name)
        memory = mem_gib * GiB
        running = host is not None
        nics = extra.get("nics", ["ovirtmgmt"])
        disks = extra.get("disks", ["data1"])
        vm = new(t.Vm,
            id=vm_id, href_path="vms/" + vm_id, name=name, description="",
            status=status, type=t.VmType.SERVER, origin=extra.get("origin", "ovirt"),
            memory=memory,
            memory_policy=t.MemoryPolicy(guaranteed=guaranteed_gib * GiB, max=memory * 4,
                                         ballooning=True),
            cpu=t.Cpu(
                architecture=t.Architecture.X86_64,
                topology=t.CpuTopology(sockets=sockets, cores=cores, threads=threads),
                cpu_tune=t.CpuTune(vcpu_pins=[t.VcpuPin(vcpu=v, cpu_set=c) for v, c in
                                              extra.get("pinning", [])])
                if "pinning" in extra else None),
            cpu_pinning_policy=t.CpuPinningPolicy.MANUAL if "pinning" in extra
            else t.CpuPinningPolicy.NONE,
            cpu_shares=0,
            high_availability=t.HighAvailability(enabled=ha is not None, priority=ha if ha is not None else 1),
            placement_policy=t.VmPlacementPolicy(
                affinity=affinity, hosts=[t.Host(id=uid("host", h)) for h in dedicated]),
            custom_properties=[t.CustomProperty(name=k, value=v) for k, v in extra.get("custom", [])],
            io=t.Io(threads=extra.get("io_threads", 1)),
            lease=t.StorageDomainLease(storage_domain=t.StorageDomain(id=uid("storagedomain", extra["lease"])))
            if "lease" in extra else None,
            custom_compatibility_version=t.Version(major=extra["compat"][0], minor=extra["compat"][1])
            if "compat" in extra else None,
            custom_emulated_machine=extra.get("emulated"),
            numa_tune_mode=t.NumaTuneMode.INTERLEAVE,
            stateless=False, delete_protected=False,
            start_time=TIME - datetime.timedelta(days=3) if running else None,
            cluster=ref(t.Cluster, "cluster", cluster),
            host=ref(t.Host, "host", host) if running else None,
            statistics=vm_statistics(vm_id, memory, cpu) if running else [],
            nics=[
                t.Nic(id=uid("nic", name + "/" + str(i)), name="nic%d" % (i + 1),
                      interface=t.NicInterface.VIRTIO, linked=True, plugged=True,
                      mac=t.Mac(address="56:6f:1a:2b:%02x:%02x" % (len(result), i)),
                      vnic_profile=ref(t.VnicProfile, "vnicprofile", net), vm=t.Vm(id=vm_id))
                for i, net in enumerate(nics)
            ],
            disk_attachments=[
                t.DiskAttachment(
                    id=uid("disk", name + "/" + str(i)), active=True, bootable=i == 0,
                    interface=t.DiskInterface.VIRTIO_SCSI, vm=t.Vm(id=vm_id),
                    disk=t.Disk(
                        id=uid("disk", name + "/" + str(i)), alias="%s_Disk%d" % (name, i + 1),
                        provisioned_size=50 * GiB, format=t.DiskFormat.COW, sparse=True,
                        status=t.DiskStatus.OK, storage_type=t.DiskStorageType.IMAGE,
                        storage_domains=[t.StorageDomain(id=uid("storagedomain", sd))]))
                for i, sd in enumerate(disks)
            ],
            host_devices=[t.HostDevice(id=uid("device", "host-03/" + d), name=d)
                          for d in extra.get("devices", [])],
        )
        result.append(vm)
    return result


# ---------------------------------------------------------------- affinity
def affinity_labels():
    members = {
        "ssd": (["host-02", "host-03"], []),
        "licensed": (["host-03"], []),
        "database": ([], ["db-01", "db-02", "db-03"]),
    }
    return [
        new(t.AffinityLabel,
            id=uid("affinitylabel", name), href_path="affinitylabels/" + uid("affinitylabel", name),
            name=name, read_only=False, has_implicit_affinity_group=False,
            hosts=[ref(t.Host, "host", h) for h in hs], vms=[ref(t.Vm, "vm", v) for v in vs])
        for name, (hs, vs) in members.items()
    ]


def affinity_groups():
    cluster = ref(t.Cluster, "cluster", "prod-a")
    return [
        t.AffinityGroup(
            id=uid("affinitygroup", "db-spread"), name="db-spread",
            description="Database replicas on different hosts", priority=5.0,
            positive=False, enforcing=True,
            vms_rule=t.AffinityRule(enabled=True, positive=False, enforcing=True),
            hosts_rule=t.AffinityRule(enabled=False, positive=False, enforcing=False),
            cluster=cluster, vm_labels=[ref(t.AffinityLabel, "affinitylabel", "database")],
            vms=[], hosts=[], host_labels=[]),
        t.AffinityGroup(
            id=uid("affinitygroup", "web-ssd"), name="web-ssd",
            description="Web servers prefer SSD hosts", priority=1.0,
            positive=True, enforcing=False,
            vms_rule=t.AffinityRule(enabled=False, positive=False, enforcing=False),
            hosts_rule=t.AffinityRule(enabled=True, positive=True, enforcing=False),
            cluster=cluster, vms=[ref(t.Vm, "vm", v) for v in ("web-01", "web-02", "web-03", "web-04")],
            hosts=[], vm_labels=[], host_labels=[ref(t.AffinityLabel, "affinitylabel", "ssd")]),
    ]


def api():
    return t.Api(
        product_info=t.ProductInfo(
            name="oVirt Engine", vendor="ovirt.org", instance_id=uid("engine", "engine"),
            version=t.Version(full_version="4.5.6-1.el8", major=4, minor=5, build=6, revision=0)),
        summary=t.ApiSummary(
            hosts=t.ApiSummaryItem(active=4, total=5), vms=t.ApiSummaryItem(active=13, total=18),
            storage_domains=t.ApiSummaryItem(active=3, total=3),
            users=t.ApiSummaryItem(active=1, total=1)),
        time=TIME)


def main():
    os.makedirs(OUT, exist_ok=True)
    write_one("api.xml", w.ApiWriter, api(), "api")
    write("clusters.xml", w.ClusterWriter, clusters(), "clusters")
    write("hosts.xml", w.HostWriter, hosts(), "hosts")
    write("vms.xml", w.VmWriter, vms(), "vms")
    write("affinitylabels.xml", w.AffinityLabelWriter, affinity_labels(), "affinity_labels")
    write("affinitygroups-prod-a.xml", w.AffinityGroupWriter, affinity_groups(), "affinity_groups")
    write("affinitygroups-lab.xml", w.AffinityGroupWriter, [], "affinity_groups")
    write("schedulingpolicies.xml", w.SchedulingPolicyWriter, scheduling_policies(),
          "scheduling_policies")
    write("schedulingpolicyunits.xml", w.SchedulingPolicyUnitWriter, scheduling_policy_units(),
          "scheduling_policy_units")
    write("storagedomains.xml", w.StorageDomainWriter, storage_domains(), "storage_domains")
    write("networks.xml", w.NetworkWriter, networks(), "networks")
    write("vnicprofiles.xml", w.VnicProfileWriter, vnic_profiles(), "vnic_profiles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
