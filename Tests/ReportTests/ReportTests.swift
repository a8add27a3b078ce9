import Diagnostics
import Inventory
import Plan
import Policy
import Report
import ShepherdTestSupport
import Testing

/// A plan file, its snapshot and the thresholds of its policy, as `shepherd report` loads them.
struct ReportFixture {
  var plan: MigrationPlan
  var snapshot: ClusterSnapshot
  var thresholds: ReportThresholds
  var violations: [Diagnostic]

  init(plan planPath: String, snapshot snapshotPath: String) throws {
    var sources = SourceMap()
    var bag = DiagnosticBag()
    let planBytes = try #require(Golden.readBytes(Golden.path(planPath)))
    let snapshotBytes = try #require(Golden.readBytes(Golden.path(snapshotPath)))
    let planFile = sources.add(path: planPath, bytes: planBytes)
    let snapshotFile = sources.add(path: snapshotPath, bytes: snapshotBytes)
    let library = PolicyLibrary.load(userFiles: [], sources: &sources, diagnostics: &bag)
    let plan = PlanReader().read(planFile, diagnostics: &bag)
    let snapshot = SnapshotLoader().load(snapshotFile, diagnostics: &bag)
    let rendered = DiagnosticRenderer(sources: sources).render(bag)
    self.plan = try #require(plan, "\(rendered)")
    self.snapshot = try #require(snapshot, "\(rendered)")
    let pipeline = try #require(
      PolicyCompiler(library: library).compileSchedulingPolicy(
        named: self.plan.policyName,
        overrides: self.snapshot.cluster.schedulingProperties, diagnostics: &bag))
    thresholds = ReportThresholds(pipeline: pipeline)
    let migration = try #require(
      library.migrationPolicy(named: self.snapshot.cluster.migrationPolicy))
    violations = PlanVerifier().verify(
      self.plan, snapshot: self.snapshot, snapshotDigest: SHA256.digest(snapshotBytes),
      limits: PlanLimits.allowed(snapshot: self.snapshot, migrationPolicy: migration))
  }

  func html(options: PlanReportOptions = PlanReportOptions()) -> String {
    PlanHTMLRenderer.html(
      plan: plan, snapshot: snapshot, thresholds: thresholds, verification: violations,
      options: options)
  }
}

@Suite("HTML plan report")
struct PlanReportTests {
  /// Golden plans (written by `shepherd plan`) and the snapshots they came from.
  static let cases: [(name: String, snapshot: String)] = [
    ("demo-balance", "Fixtures/clusters/demo.yaml"),
    ("demo-maintenance-host-03", "Fixtures/clusters/demo.yaml"),
    ("demo-fail-host-05", "Fixtures/clusters/demo.yaml"),
    ("affinity-conflict", "Fixtures/scenarios/affinity/conflict.yaml"),
    ("power-saving-host-management", "Fixtures/scenarios/power/cluster.yaml"),
  ]

  @Test("golden reports of the golden plans", arguments: cases.map(\.name))
  func golden(_ name: String) throws {
    let snapshot = try #require(Self.cases.first { $0.name == name }?.snapshot)
    let fixture = try ReportFixture(
      plan: "Fixtures/goldens/plan/\(name).json", snapshot: snapshot)
    #expect(fixture.violations.isEmpty)
    let html = fixture.html()
    #expect(html == fixture.html(), "the same plan must give the same bytes")
    let mismatch = Golden.mismatch(html, goldenAt: "Fixtures/goldens/report/\(name).html")
    #expect(mismatch == nil, "\(mismatch ?? "")")
  }

  @Test(
    "every host and every moved or blocked VM is on the page as text", arguments: cases.map(\.name))
  func namesPresent(_ name: String) throws {
    let snapshot = try #require(Self.cases.first { $0.name == name }?.snapshot)
    let fixture = try ReportFixture(
      plan: "Fixtures/goldens/plan/\(name).json", snapshot: snapshot)
    let html = fixture.html()
    for host in fixture.snapshot.hosts {
      #expect(html.contains("<th scope=\"row\">\(host.name)</th>"), "host \(host.name)")
    }
    for vm in fixture.plan.steps.compactMap(\.vm) + fixture.plan.unhandled.map(\.name) {
      #expect(html.contains("<bdi>\(vm)</bdi>"), "\(vm)")
    }
  }

  @Test("the demo report draws the policy's thresholds and the runner-up")
  func demoContent() throws {
    let fixture = try ReportFixture(
      plan: "Fixtures/goldens/plan/demo-balance.json", snapshot: "Fixtures/clusters/demo.yaml")
    #expect(fixture.thresholds.highUtilizationPercent == 80)
    #expect(fixture.thresholds.highVmCount == 12)
    let html = fixture.html()
    #expect(html.contains("HighUtilization 80%"))
    #expect(html.contains("HighVmCount 12"))
    #expect(html.contains("runner-up <bdi>host-04</bdi> by 2"))
    #expect(html.contains("✔ valid"))
    // Self-contained: no script, nothing fetched.
    #expect(!html.contains("<script"))
    #expect(!html.contains("http://") && !html.contains("https://"))
    #expect(!html.contains("<link") && !html.contains("<img"))
  }

  @Test("a power-saving policy draws LowUtilization too")
  func lowUtilization() throws {
    let fixture = try ReportFixture(
      plan: "Fixtures/goldens/plan/power-saving-host-management.json",
      snapshot: "Fixtures/scenarios/power/cluster.yaml")
    #expect(fixture.thresholds.lowUtilizationPercent != nil)
    #expect(fixture.html().contains("LowUtilization"))
  }
}

@Suite("HTML escaping")
struct HTMLEscapingTests {
  @Test(
    "markup, quotes and hidden characters are escaped",
    arguments: [
      ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
      ("\"a\" & 'b'", "&quot;a&quot; &amp; &#39;b&#39;"),
      ("host-\u{202E}gnp.exe", "host-[U+202E]gnp.exe"),
      ("a\u{0}b\u{7}c\u{1B}d\u{85}e", "a[U+0000]b[U+0007]c[U+001B]d[U+0085]e"),
      ("zero\u{200B}width\u{FEFF}\u{2066}x\u{2069}", "zero[U+200B]width[U+FEFF][U+2066]x[U+2069]"),
      ("line\u{2028}sep\nnew", "line[U+2028]sep[U+000A]new"),
      ("ünïcødé 名前 שלום", "ünïcødé 名前 שלום"),
    ])
  func escape(_ input: String, _ expected: String) {
    #expect(HTMLText.escape(input) == expected)
  }

  /// A plan whose every name is hostile: nothing it contains may become markup.
  @Test("a plan of hostile names renders no markup of its own")
  func hostilePlan() {
    let hostile = [
      "<script>alert(1)</script>", "</svg><script>x</script>", "\"><img src=x onerror=y>",
      "a'b\"c&d", "evil\u{202E}txt", "bell\u{7}", "]]><!--",
    ]
    var plan = MigrationPlan(
      cluster: hostile[0], snapshotDigest: "sha256:<x>", snapshotTakenAt: "<t>",
      policyName: hostile[1], policyDigest: "sha256:\"",
      trigger: .init(kind: .maintenance, hosts: [hostile[0]]),
      limits: PlanLimits(maxConcurrentMigrationsPerCluster: 2, maxConcurrentMigrationsPerHost: 1))
    plan.steps = [
      PlanStep(
        id: "step-1", action: .migrate, vm: hostile[2], fromHost: hostile[0], toHost: hostile[3],
        wave: 1, precondition: StepPrecondition(), estimatedDurationSeconds: 10,
        reason: StepReason(
          text: hostile[4], proposedBy: hostile[5],
          data: .object([
            (
              "decision",
              .object([
                ("runnerUp", .string(hostile[6])), ("margin", .double(1)),
                (
                  "weights",
                  .array([.object([("unit", .string(hostile[0])), ("factor", .int(1))])])
                ),
                ("total", .double(3)),
              ])
            ),
            (hostile[1], .string(hostile[2])),
          ]))),
      PlanStep(
        id: hostile[6], action: .hostMaintenance, host: hostile[0], wave: 2,
        precondition: StepPrecondition(), reason: StepReason(text: hostile[0], proposedBy: "")),
    ]
    plan.unhandled = [
      UnhandledItem(kind: hostile[1], name: hostile[2], reason: hostile[3], details: hostile)
    ]
    plan.hostSummary = hostile.map {
      HostSummary(
        host: $0, before: .init(cpuPercent: 50, memoryPercent: 40, vmCount: 2),
        after: .init(cpuPercent: nil, memoryPercent: 10, vmCount: 0))
    }
    plan.notes = hostile
    plan.headroom = HeadroomReport(scenarios: [
      .init(host: hostile[0], haVMs: hostile, stranded: [(hostile[1], hostile[2])])
    ])
    for options in [PlanReportOptions(), PlanReportOptions(aggregateAboveHosts: 2)] {
      let html = PlanHTMLRenderer.html(
        plan: plan, snapshot: nil, thresholds: ReportThresholds(highUtilizationPercent: 80),
        options: options)
      for name in hostile where name != "a'b\"c&d" {
        #expect(!html.contains(name), "unescaped: \(name)")
      }
      #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("<!--"))
      #expect(!html.unicodeScalars.contains { $0 == "\u{202E}" || $0 == "\u{7}" })
      #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
      #expect(html.contains("evil[U+202E]txt"))
      // Every tag the page opens is one of the renderer's own.
      let tags = Set(
        html.split(separator: "<").dropFirst().compactMap { piece -> String? in
          let name = piece.prefix { $0.isLetter || $0.isNumber || $0 == "/" || $0 == "!" }
          return name.isEmpty ? nil : String(name.filter { $0 != "/" })
        })
      let allowed: Set<String> = [
        "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "svg", "defs", "pattern",
        "rect", "line", "header", "h1", "p", "strong", "a", "nav", "ul", "li", "main", "section",
        "h2", "dl", "div", "dt", "dd", "bdi", "g", "text", "figure", "figcaption", "h3", "span",
        "table", "caption", "thead", "tr", "th", "tbody", "td", "details", "summary", "tfoot",
        "code", "ol", "polygon", "footer",
      ]
      #expect(tags.subtracting(allowed).isEmpty, "\(tags.subtracting(allowed).sorted())")
    }
  }
}

@Suite("large clusters")
struct LargeReportTests {
  /// A 2,000-host plan: every host in the summary, 40 moves in 4 waves.
  static func largePlan(hosts: Int) -> MigrationPlan {
    var random = SplitMix64(seed: 7)
    var plan = MigrationPlan(
      cluster: "big", snapshotDigest: "sha256:00", snapshotTakenAt: "2026-11-28T10:00:00Z",
      policyName: "vm_evenly_distributed", policyDigest: "sha256:00",
      trigger: PlanTrigger(kind: .balance),
      limits: PlanLimits(maxConcurrentMigrationsPerCluster: 10, maxConcurrentMigrationsPerHost: 2))
    func name(_ index: Int) -> String { "host-" + String(10_000 + index).dropFirst() }
    plan.hostSummary = (0..<hosts).map { index in
      let cpu = Double(random.next(below: 1000)) / 10
      let memory = Double(random.next(below: 900)) / 10
      let vms = random.next(below: 40)
      return HostSummary(
        host: name(index), before: .init(cpuPercent: cpu, memoryPercent: memory, vmCount: vms),
        after: .init(
          cpuPercent: index < 40 ? cpu / 2 : cpu, memoryPercent: memory,
          vmCount: index < 40 ? vms / 2 : vms))
    }
    plan.steps = (0..<40).map { index in
      PlanStep(
        id: "step-\(index + 1)", action: .migrate, vm: "vm-\(index)", fromHost: name(index),
        toHost: name(hosts - 1 - index), wave: index / 10 + 1, precondition: StepPrecondition(),
        estimatedDurationSeconds: Double(10 + index),
        reason: StepReason(text: "balance", proposedBy: "test"))
    }
    plan.estimatedDurationSeconds = 19 + 29 + 39 + 49
    return plan
  }

  @Test("2,000 hosts: histograms, top movers, every host in the table, under 1 MB")
  func twoThousandHosts() {
    let plan = Self.largePlan(hosts: 2_000)
    let html = PlanHTMLRenderer.html(
      plan: plan, snapshot: nil, thresholds: ReportThresholds(highUtilizationPercent: 80))
    let names = Set(
      html.split(separator: "<th scope=\"row\">").dropFirst()
        .compactMap { $0.split(separator: "<").first }.map(String.init))
    #expect(plan.hostSummary.allSatisfy { names.contains($0.host) })
    #expect(html.contains("id=\"top-movers\""))
    #expect(html.contains("hosts per range"))
    // No per-host bars: the three host charts are histograms.
    #expect(!html.contains("<g class=\"row\"><title>host-"))
    #expect(html.utf8.count < 1_000_000, "\(html.utf8.count) bytes")
  }

  @Test("a timeline of many steps has one row per wave")
  func manySteps() {
    let plan = Self.largePlan(hosts: 300)
    let html = PlanHTMLRenderer.html(
      plan: plan, snapshot: nil, thresholds: ReportThresholds(),
      options: PlanReportOptions(maxTimelineRows: 10))
    #expect(html.contains("wave 4: 10 steps"))
  }
}
