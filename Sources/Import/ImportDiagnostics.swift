public import Diagnostics

extension DiagnosticDescriptor {
  /// An engine response is not well-formed XML.
  public static let importMalformedXML = DiagnosticDescriptor(
    "O001", title: "malformed engine response",
    explanation: """
      A saved oVirt API response is not well-formed XML: usually a download that was cut off \
      (the position is where the parser stopped) or a file edited by hand. Fetch the document \
      again (see `Docs/import.md` for the curl commands).
      """)
  /// An engine response is not the document the file name promises.
  public static let importWrongDocument = DiagnosticDescriptor(
    "O002", title: "not the expected engine document",
    explanation: """
      Each file of an import directory holds one API collection, recognised by its name: \
      `hosts.xml` must be the response of `GET /ovirt-engine/api/hosts` (root element \
      `<hosts>`), and so on. A `<fault>` document is an error the engine returned instead; an \
      HTML page usually means a proxy or login page answered instead of the API.
      """)
  /// A document the import needs is not in the directory.
  public static let importMissingDocument = DiagnosticDescriptor(
    "O003", title: "engine document missing",
    explanation: """
      `clusters.xml`, `hosts.xml` and `vms.xml` are required; the other documents are \
      optional, and each one that is missing is listed as an assumption instead. \
      `Docs/import.md` lists every document and how to fetch it.
      """)
  /// Two objects of one collection share an id.
  public static let importDuplicateID = DiagnosticDescriptor(
    "O004", title: "duplicate id in an engine document",
    explanation: """
      Two entries of the same collection have the same `id` (or two hosts or VMs of the \
      imported cluster the same name). The engine never returns that, so the files were \
      probably concatenated or edited; fetch them again.
      """)
  /// An object refers to an id that no document defines.
  public static let importUnknownReference = DiagnosticDescriptor(
    "O005", title: "reference to an unknown engine object",
    explanation: """
      An entry refers by id to an object that is not in the saved documents, e.g. a running VM \
      whose host is not in `hosts.xml`. Save all documents at the same time, so they describe \
      one state of the engine. A running VM on an unknown host is an error; other unknown \
      references (a group member, a network) are warnings and the reference is dropped.
      """)
  /// A value in a response cannot be read.
  public static let importInvalidValue = DiagnosticDescriptor(
    "O006", title: "invalid value in an engine document",
    explanation: """
      An element holds text that is not what the API defines for it: not a number where a \
      number is expected, or an enumeration value this version of Shepherd does not know. \
      Unknown enumeration values are warnings and fall back to the documented default.
      """)
  /// The cluster to import cannot be chosen.
  public static let importClusterSelection = DiagnosticDescriptor(
    "O007", title: "cluster to import is unknown",
    explanation: """
      `--cluster` names a cluster that `clusters.xml` does not list (the name must match \
      exactly), or `clusters.xml` lists none. Without `--cluster` every cluster is imported, \
      into one data-center snapshot when there are several.
      """)
  /// Something the engine has cannot be represented and was left out.
  public static let importUnsupported = DiagnosticDescriptor(
    "O008", title: "engine setting not imported",
    explanation: """
      A setting has no equivalent in Shepherd and was left out, e.g. a scheduling policy \
      unit Shepherd does not implement in a custom scheduling policy. The rest of the import \
      is unaffected; check whether the plan depends on it.
      """, severity: .warning)
  /// The engine could not be reached.
  public static let importConnectionFailed = DiagnosticDescriptor(
    "O010", title: "engine unreachable",
    explanation: """
      The engine's host name does not resolve, or nothing answers on its port. Check the URL \
      given to `--url` (`https://ENGINE/ovirt-engine/api`) and the network path to it.
      """)
  /// The TLS handshake failed.
  public static let importTLSFailed = DiagnosticDescriptor(
    "O011", title: "TLS handshake with the engine failed",
    explanation: """
      The engine's certificate is not trusted or does not match its name, or the server does \
      not speak TLS on that port. Engines use their own CA: fetch it from \
      `https://ENGINE/ovirt-engine/services/pki-resource?resource=ca-certificate&format=X509-PEM-CA` \
      and pass it with `--ca-file engine-ca.pem`, or add it to the system trust store \
      (Debian/Ubuntu: copy it to `/usr/local/share/ca-certificates/engine.crt` and run \
      `update-ca-certificates`). `--insecure` skips verification altogether: only for test \
      installations, since anyone between Shepherd and the engine could then read the password.
      """)
  /// The engine refused the credentials or the token.
  public static let importAuthenticationFailed = DiagnosticDescriptor(
    "O012", title: "engine authentication failed",
    explanation: """
      The SSO endpoint rejected the user name or password, or the API rejected the token \
      (HTTP 401). Users are written with their profile, e.g. `admin@internal`; the password \
      is read from the first line of `--password-file`.
      """)
  /// The engine answered with an HTTP error.
  public static let importHTTPError = DiagnosticDescriptor(
    "O013", title: "engine request failed",
    explanation: """
      A GET returned an HTTP error such as 404 (the URL does not point at \
      `/ovirt-engine/api`, or the engine is too old for a collection) or 5xx (an engine \
      problem; the engine log has the details).
      """)
  /// The server that answered is not an oVirt engine.
  public static let importNotOvirt = DiagnosticDescriptor(
    "O014", title: "not an oVirt engine",
    explanation: """
      The server answered, but not with the oVirt API's XML: a web server, a proxy's login \
      page or another product is listening at that URL.
      """)
  /// The engine did not answer in time.
  public static let importTimeout = DiagnosticDescriptor(
    "O015", title: "engine request timed out",
    explanation: """
      A request took longer than `--timeout` seconds (default 60). Large installations may \
      need a longer timeout for `/vms`.
      """)

  public static let importResponseTooLarge = DiagnosticDescriptor(
    "O016", title: "engine response too large",
    explanation: """
      A response was larger than `--max-input-bytes` (the same limit as for files), and was \
      abandoned instead of being held in memory. An installation with that much data needs a \
      larger limit.
      """)
}

/// Every diagnostic the Import module reports (`O` codes: oVirt import).
public enum ImportDiagnostics {
  /// Every import descriptor, in code order.
  public static let all: [DiagnosticDescriptor] = [
    .importMalformedXML, .importWrongDocument, .importMissingDocument, .importDuplicateID,
    .importUnknownReference, .importInvalidValue, .importClusterSelection, .importUnsupported,
    .importConnectionFailed, .importTLSFailed, .importAuthenticationFailed, .importHTTPError,
    .importNotOvirt, .importTimeout, .importResponseTooLarge,
  ]
}
