public import Diagnostics

/// The JSON Schema (draft 2020-12) of a plan, version 1: what an executor may rely on.
///
/// Written by hand next to ``MigrationPlan/json()`` — the plan model is small and its JSON is
/// the contract — and checked against every plan fixture (scripts/check-schemas) and against the
/// writer (a test writes plans and validates them).
public enum PlanSchema {
  /// The schema document.
  public static func json() -> JSONValue {
    func string(_ description: String) -> JSONValue {
      .object([("type", .string("string")), ("description", .string(description))])
    }
    func strings(_ description: String) -> JSONValue {
      .object([
        ("type", .string("array")), ("items", .object([("type", .string("string"))])),
        ("description", .string(description)),
      ])
    }
    func object(
      _ description: String, _ properties: [(String, JSONValue)], required: [String]
    ) -> JSONValue {
      .object([
        ("type", .string("object")), ("description", .string(description)),
        ("properties", .object(properties)), ("required", .array(required.map { .string($0) })),
        ("additionalProperties", .bool(false)),
      ])
    }
    let number: JSONValue = .object([("type", .string("number")), ("minimum", .int(0))])
    let nullableNumber: JSONValue = .object([
      ("type", .array([.string("number"), .string("null")]))
    ])
    let figures = object(
      "CPU %, memory % and running VMs of a host.",
      [
        ("cpuPercent", nullableNumber), ("memoryPercent", number),
        ("vmCount", .object([("type", .string("integer")), ("minimum", .int(0))])),
      ], required: ["cpuPercent", "memoryPercent", "vmCount"])
    let step = object(
      "One step. Steps of one wave may run concurrently; a step starts only after its dependsOn steps finished and its precondition holds.",
      [
        ("id", string("Stable identifier, referenced by dependsOn.")),
        (
          "action",
          .object([
            ("enum", .array(StepAction.allCases.map { .string($0.rawValue) })),
            ("description", .string("What to do.")),
          ])
        ),
        ("wave", .object([("type", .string("integer")), ("minimum", .int(1))])),
        ("dependsOn", strings("Steps that must finish first (earlier waves).")),
        (
          "precondition",
          object(
            "What the executor checks before acting; on failure it must not act.",
            [
              ("vmRunningOn", string("The VM must be running on this host.")),
              ("hostsUp", strings("These hosts must be Up.")),
              ("hostEmpty", string("This host must run no VM.")),
            ], required: ["hostsUp"])
        ),
        ("vm", string("The VM moved (migrate, restart).")),
        ("from", string("Source host (migrate) or failed host (restart).")),
        ("to", string("Destination host (migrate, restart).")),
        ("host", string("The host acted on (host actions).")),
        (
          "migration",
          .object([
            ("type", .string("object")),
            ("description", .string("Migration-policy parameters to apply (migrate).")),
          ])
        ),
        ("estimatedDurationSeconds", number),
        (
          "reason",
          object(
            "Why the step is in the plan, in words and in data.",
            [
              ("text", string("One sentence for people.")),
              ("proposedBy", string("The loop or unit that proposed the step.")),
              (
                "data",
                .object([
                  ("type", .string("object")),
                  ("description", .string("Metrics and weights behind the decision.")),
                ])
              ),
            ], required: ["text", "proposedBy", "data"])
        ),
      ], required: ["id", "action", "wave", "dependsOn", "precondition", "reason"])
    let plan = JSONValue.object([
      ("type", .string("object")),
      ("additionalProperties", .bool(false)),
      (
        "required",
        .array(
          [
            "apiVersion", "kind", "snapshot", "policy", "trigger", "limits", "steps", "unhandled",
            "hostSummary", "estimatedDurationSeconds", "complete",
          ].map { .string($0) })
      ),
      (
        "properties",
        .object([
          ("apiVersion", .object([("const", .string(MigrationPlan.apiVersion))])),
          ("kind", .object([("const", .string(MigrationPlan.kind))])),
          (
            "snapshot",
            object(
              "The snapshot the plan was computed from.",
              [
                ("cluster", string("Cluster name.")),
                (
                  "digest",
                  .object([
                    ("type", .string("string")), ("pattern", .string("^sha256:[0-9a-f]{64}$")),
                  ])
                ),
                ("takenAt", string("The snapshot's takenAt.")),
              ], required: ["cluster", "digest", "takenAt"])
          ),
          (
            "policy",
            object(
              "The resolved scheduling policy.",
              [
                ("name", string("Policy name.")),
                (
                  "digest",
                  .object([("type", .string("string")), ("pattern", .string("^sha256:"))])
                ),
              ], required: ["name", "digest"])
          ),
          (
            "trigger",
            object(
              "What asked for the plan.",
              [
                (
                  "kind",
                  .object([("enum", .array(PlanTrigger.Kind.allCases.map { .string($0.rawValue) }))]
                  )
                ),
                ("hosts", strings("Hosts named by the request.")),
                ("vms", strings("VMs named by the request.")),
                ("destination", string("Requested destination (migrate --to).")),
                (
                  "objective",
                  .object([("enum", .array([.string("consolidate"), .string("spread")]))])
                ),
              ], required: ["kind", "hosts", "vms"])
          ),
          (
            "limits",
            object(
              "The limits in force.",
              [
                (
                  "maxMigrations",
                  .object([("type", .array([.string("integer"), .string("null")]))])
                ),
                (
                  "maxConcurrentMigrationsPerCluster",
                  .object([("type", .string("integer")), ("minimum", .int(1))])
                ),
                (
                  "maxConcurrentMigrationsPerHost",
                  .object([("type", .string("integer")), ("minimum", .int(1))])
                ),
                ("bandwidthMbps", nullableNumber),
              ],
              required: [
                "maxMigrations", "maxConcurrentMigrationsPerCluster",
                "maxConcurrentMigrationsPerHost", "bandwidthMbps",
              ])
          ),
          ("steps", .object([("type", .string("array")), ("items", step)])),
          (
            "unhandled",
            .object([
              ("type", .string("array")),
              (
                "items",
                object(
                  "A VM or host the plan could not handle.",
                  [
                    (
                      "kind",
                      .object([
                        ("enum", .array([.string("vm"), .string("host"), .string("affinity")]))
                      ])
                    ),
                    ("name", string("Its name.")), ("reason", string("Why, in one sentence.")),
                    ("details", strings("The full reason chain.")),
                    (
                      "conflict",
                      object(
                        "For an affinity item: the rules in conflict as data (Docs/ovirt.md §7.1).",
                        [
                          (
                            "type",
                            .object([
                              ("description", .string("The conflict type.")),
                              ("enum", .array(AffinityConflictData.types.map { .string($0) })),
                            ])
                          ),
                          ("groups", strings("The affinity groups in conflict.")),
                          ("vms", strings("The VMs concerned.")),
                          ("hosts", strings("The hosts concerned (may be empty).")),
                        ], required: ["type", "groups", "vms", "hosts"])
                    ),
                  ], required: ["kind", "name", "reason", "details"])
              ),
            ])
          ),
          (
            "hostSummary",
            .object([
              ("type", .string("array")),
              (
                "items",
                object(
                  "A host before and after the plan.",
                  [("host", string("Host name.")), ("before", figures), ("after", figures)],
                  required: ["host", "before", "after"])
              ),
            ])
          ),
          ("estimatedDurationSeconds", number),
          ("complete", .object([("type", .string("boolean"))])),
          (
            "capped",
            .object([
              ("type", .string("boolean")),
              (
                "description",
                .string(
                  "Present and true when planning stopped at the requested maximum number of "
                    + "migrations with moves still to make; not a failure.")
              ),
            ])
          ),
          ("notes", strings("Remarks, e.g. an oscillation that stopped balancing.")),
          (
            "haReservation",
            .object([
              ("type", .string("object")),
              (
                "description",
                .string(
                  "oVirt's HA-reservation check on the cluster before the plan, when the cluster enables it."
                )
              ),
            ])
          ),
          (
            "optimization",
            object(
              "How good an optimized plan (trigger optimize) is: the objective before and after, a lower bound no placement can beat, and the gap.",
              [
                (
                  "objective",
                  .object([("enum", .array([.string("consolidate"), .string("spread")]))])
                ),
                ("measure", string("What before, after and lowerBound measure.")),
                ("before", number), ("after", number), ("lowerBound", number),
                ("boundDetail", string("How the lower bound is made up.")),
                ("gap", .object([("type", .string("number"))])),
                ("gapPercent", .object([("type", .string("number"))])),
                ("migrations", .object([("type", .string("integer")), ("minimum", .int(0))])),
                ("vmsNotInPlace", .object([("type", .string("integer")), ("minimum", .int(0))])),
                (
                  "stoppedBy",
                  .object([
                    (
                      "enum",
                      .array(
                        ["no-gain", "iteration-budget", "time-limit", "max-migrations"].map {
                          .string($0)
                        })
                    )
                  ])
                ),
                ("iterations", .object([("type", .string("integer")), ("minimum", .int(0))])),
              ],
              required: [
                "objective", "measure", "before", "after", "lowerBound", "boundDetail", "gap",
                "gapPercent", "migrations", "vmsNotInPlace", "stoppedBy", "iterations",
              ])
          ),
          (
            "headroom",
            .object([
              ("type", .string("object")),
              (
                "description",
                .string(
                  "Whether every HA VM could restart if any one host failed, after the plan (N+1).")
              ),
              (
                "required",
                .array([.string("sufficient"), .string("problemHosts"), .string("scenarios")])
              ),
            ])
          ),
        ])
      ),
    ])
    // A data-center snapshot's plans: one complete plan per cluster, in snapshot order.
    let dataCenter = JSONValue.object([
      ("type", .string("object")),
      ("additionalProperties", .bool(false)),
      (
        "required",
        .array(["apiVersion", "kind", "complete", "clusters"].map { .string($0) })
      ),
      (
        "properties",
        .object([
          ("apiVersion", .object([("const", .string(MigrationPlan.apiVersion))])),
          ("kind", .object([("const", .string(DataCenterPlan.kind))])),
          (
            "complete",
            .object([
              ("type", .string("boolean")),
              ("description", .string("Whether every cluster's plan is complete.")),
            ])
          ),
          (
            "clusters",
            .object([
              ("type", .string("array")), ("minItems", .int(1)),
              ("items", .object([("$ref", .string("#/$defs/plan"))])),
              ("description", .string("One plan per cluster, in snapshot order.")),
            ])
          ),
        ])
      ),
    ])
    return .object([
      ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
      ("$id", .string("urn:shepherd:schema:plan:v1")),
      ("title", .string("Shepherd migration plan, apiVersion shepherd/v1")),
      (
        "description",
        .string(
          "The plan of one cluster (kind MigrationPlan), or of every cluster of a data-center "
            + "snapshot (kind DataCenterPlan).")
      ),
      ("oneOf", .array([.object([("$ref", .string("#/$defs/plan"))]), dataCenter])),
      ("$defs", .object([("plan", plan)])),
    ])
  }
}
