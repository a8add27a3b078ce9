public import Diagnostics
public import Foundation
public import ProgressReporting

/// How to reach an engine.
public struct OvirtConnection: Sendable {
  /// The API URL, `https://ENGINE/ovirt-engine/api`.
  public var apiURL: URL
  /// The user with its profile, e.g. `admin@internal`.
  public var user: String
  /// The password (never printed or written anywhere).
  public var password: String
  /// Seconds before one request is abandoned.
  public var timeout: Double
  /// A PEM file with the engine's CA, trusted instead of the system store; `nil`: the system
  /// store.
  public var caFile: String?
  /// Skip TLS certificate and host name verification (test installations only).
  public var insecure: Bool
  /// The largest response accepted, in bytes (a larger one is refused, O016).
  public var maxResponseBytes: Int

  /// Creates a connection description.
  public init(
    apiURL: URL, user: String, password: String, timeout: Double = 60, caFile: String? = nil,
    insecure: Bool = false, maxResponseBytes: Int = 1 << 30
  ) {
    self.apiURL = apiURL
    self.user = user
    self.password = password
    self.timeout = timeout
    self.caFile = caFile
    self.insecure = insecure
    self.maxResponseBytes = maxResponseBytes
  }

  /// The engine's SSO token endpoint: `…/ovirt-engine/sso/oauth/token` beside `…/api`.
  public var tokenURL: URL {
    var base = apiURL
    while base.lastPathComponent == "" || base.lastPathComponent == "/" {
      base = base.deletingLastPathComponent()
    }
    if base.lastPathComponent == "api" { base = base.deletingLastPathComponent() }
    return base.appendingPathComponent("sso").appendingPathComponent("oauth")
      .appendingPathComponent("token")
  }
}

/// One response of a live fetch, in the form it is saved (`--save`) and imported.
public struct FetchedDocument: Sendable {
  /// The collection.
  public var document: OvirtDocument
  /// Its file name in an import directory (`hosts.xml`, `affinitygroups-prod-a.xml`).
  public var fileName: String
  /// The request URL (without credentials), for messages.
  public var url: String
  /// The response body.
  public var bytes: [UInt8]
}

/// The outcome of a live fetch.
public struct OvirtFetchResult: Sendable {
  /// The documents fetched, in request order.
  public var documents: [FetchedDocument] = []
  /// Connection, authentication and HTTP problems (O010–O015).
  public var diagnostics: DiagnosticBag
}

/// Fetches the import documents from a live engine: an OAuth token from the engine's SSO
/// endpoint (`grant_type=password`, `scope=ovirt-app-api`), then one GET per collection with
/// the bearer token, each bounded by the connection's timeout.
///
/// HTTP goes through libcurl, trusting the system store or `caFile`. Every failure becomes a
/// diagnostic: DNS and refused connections (O010), TLS (O011), rejected credentials or token
/// (O012), HTTP errors such as 404 (O013), an answer that is not the oVirt API (O014),
/// timeouts (O015) and responses over the size limit (O016). The password is only ever in the
/// token request's body.
public struct OvirtClient: Sendable {
  /// Where and as whom.
  public var connection: OvirtConnection

  /// Creates a client.
  public init(connection: OvirtConnection) { self.connection = connection }

  /// Fetches every document of `OvirtDocument`; affinity groups for `cluster` (or for every
  /// cluster when `nil`). `progress` receives one update per request, its `detail` a line for a log.
  public func fetchAll(cluster: String?, progress: (ProgressUpdate) -> Void) -> OvirtFetchResult {
    var result = OvirtFetchResult(diagnostics: DiagnosticBag())
    let session = HTTPTransport(
      timeout: connection.timeout, caFile: connection.caFile, insecure: connection.insecure,
      maxBodyBytes: connection.maxResponseBytes)
    progress(
      ProgressUpdate(
        stage: "fetching", done: 0,
        detail:
          "requesting a token from \(connection.tokenURL.absoluteString) as \(connection.user)"))
    guard let token = requestToken(session, &result.diagnostics) else { return result }

    var clusters: [(id: String, name: String)] = []
    for document in OvirtDocument.allCases where document != .affinityGroups {
      guard
        let bytes = get(document.requestPath, document, session, token, &result, progress)
      else {
        // Without the API root, clusters, hosts or VMs nothing else is worth fetching.
        if document == .api || document.isRequired { return result }
        continue
      }
      if document == .clusters { clusters = Self.clusterIDs(bytes) }
    }
    for (id, name) in clusters where cluster == nil || cluster == name {
      let path = OvirtDocument.affinityGroups.requestPath.replacingOccurrences(
        of: "{cluster}", with: id)
      let fileName = "affinitygroups-" + Self.fileSafe(name) + ".xml"
      _ = get(path, .affinityGroups, session, token, &result, progress, fileName: fileName)
    }
    return result
  }

  // MARK: - Token

  private func requestToken(_ session: HTTPTransport, _ diagnostics: inout DiagnosticBag)
    -> String?
  {
    let form = [
      ("grant_type", "password"), ("scope", "ovirt-app-api"), ("username", connection.user),
      ("password", connection.password),
    ]
    let url = connection.tokenURL.absoluteString
    let request = HTTPRequest(
      method: "POST", url: url,
      headers: ["Accept: application/json", "Content-Type: application/x-www-form-urlencoded"],
      body: Array(form.map { "\($0.0)=\(Self.formEncode($0.1))" }.joined(separator: "&").utf8))
    guard let response = send(request, session, &diagnostics) else { return nil }
    let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
    if let token = json?["access_token"] as? String, response.status == 200, !token.isEmpty {
      return token
    }
    if let json, json["error"] != nil || response.status == 400 || response.status == 401 {
      let description =
        (json["error_description"] as? String) ?? (json["error"] as? String) ?? "no reason given"
      diagnostics.append(
        Self.diagnostic(
          .importAuthenticationFailed,
          "the engine's SSO rejected user '\(connection.user)': \(description)",
          help: "check the user (with its profile, e.g. admin@internal) and --password-file"))
      return nil
    }
    if response.status == 404 {
      diagnostics.append(
        Self.diagnostic(
          .importHTTPError, "no SSO endpoint at \(url) (HTTP 404)",
          help: "--url must be https://ENGINE/ovirt-engine/api"))
    } else if response.status >= 400 {
      diagnostics.append(
        Self.diagnostic(
          .importHTTPError, "the SSO endpoint \(url) answered HTTP \(response.status)"))
    } else {
      diagnostics.append(
        Self.diagnostic(
          .importNotOvirt,
          "\(url) did not answer with an oVirt SSO token (HTTP \(response.status))",
          help: "--url must point at an oVirt engine: https://ENGINE/ovirt-engine/api"))
    }
    return nil
  }

  // MARK: - Requests

  /// GETs one collection; on success appends it to `result` and returns its bytes.
  private func get(
    _ path: String, _ document: OvirtDocument, _ session: HTTPTransport, _ token: String,
    _ result: inout OvirtFetchResult, _ progress: (ProgressUpdate) -> Void, fileName: String? = nil
  ) -> [UInt8]? {
    let base =
      connection.apiURL.absoluteString.hasSuffix("/")
      ? String(connection.apiURL.absoluteString.dropLast()) : connection.apiURL.absoluteString
    let text = base + (path == "/" ? "" : path)
    guard URL(string: text) != nil else {
      result.diagnostics.append(Self.diagnostic(.importHTTPError, "invalid request URL \(text)"))
      return nil
    }
    let request = HTTPRequest(
      method: "GET", url: text,
      headers: ["Authorization: Bearer \(token)", "Accept: application/xml", "Version: 4"])
    let started = Date()
    guard let response = send(request, session, &result.diagnostics) else { return nil }
    let seconds = Date().timeIntervalSince(started)
    progress(
      ProgressUpdate(
        stage: "fetching", done: result.documents.count + 1,
        detail: "GET \(path) → HTTP \(response.status), \(response.body.count) bytes, "
          + String(format: "%.1f s", seconds)))
    switch response.status {
    case 200..<300: break
    case 401:
      result.diagnostics.append(
        Self.diagnostic(
          .importAuthenticationFailed, "the engine rejected the token for GET \(text) (HTTP 401)"))
      return nil
    case 404:
      result.diagnostics.append(
        Self.diagnostic(
          .importHTTPError, "GET \(text) → HTTP 404 (not found)",
          help: "--url must be https://ENGINE/ovirt-engine/api; the engine may be too old"))
      return nil
    default:
      let reason = Self.faultReason(response.body).map { ": \($0)" } ?? ""
      result.diagnostics.append(
        Self.diagnostic(.importHTTPError, "GET \(text) → HTTP \(response.status)\(reason)"))
      return nil
    }
    let root = Self.rootElement(response.body)
    guard root == document.rootElement else {
      let found = root.map { "<\($0)>" } ?? "no XML"
      result.diagnostics.append(
        Self.diagnostic(
          .importNotOvirt,
          "GET \(text) did not answer with the oVirt API's <\(document.rootElement)> (found \(found))",
          help: "--url must point at an oVirt engine: https://ENGINE/ovirt-engine/api"))
      return nil
    }
    result.documents.append(
      FetchedDocument(
        document: document, fileName: fileName ?? document.fileName, url: text,
        bytes: response.body))
    return response.body
  }

  private struct Response {
    var status: Int
    var body: [UInt8]
  }

  /// Sends a request and waits for it (bounded by the timeout); transport errors become
  /// diagnostics.
  private func send(
    _ request: HTTPRequest, _ session: HTTPTransport, _ diagnostics: inout DiagnosticBag
  ) -> Response? {
    let url = request.url
    switch session.send(request) {
    case .response(let status, let body):
      return Response(status: status, body: body)
    case .timedOut:
      diagnostics.append(
        Self.diagnostic(
          .importTimeout,
          "\(url) did not answer within \(Self.seconds(connection.timeout)) s",
          help: "raise --timeout for large installations"))
    case .unresolvedHost:
      diagnostics.append(
        Self.diagnostic(
          .importConnectionFailed,
          "cannot resolve the engine's host name '\(connection.apiURL.host ?? url)'",
          help: "check the host name in --url"))
    case .connectionFailed(let description):
      diagnostics.append(
        Self.diagnostic(
          .importConnectionFailed, "cannot connect to \(url): \(description)",
          help: "check that the engine is up and the port in --url"))
    case .tlsFailed(let description):
      diagnostics.append(tlsDiagnostic(url, description))
    case .bodyTooLarge:
      diagnostics.append(
        Self.diagnostic(
          .importResponseTooLarge,
          "\(url) answered with more than \(connection.maxResponseBytes) bytes",
          help: "raise --max-input-bytes if the installation is that large"))
    }
    return nil
  }

  private func tlsDiagnostic(_ url: String, _ description: String) -> Diagnostic {
    Self.diagnostic(
      .importTLSFailed, "TLS with \(url) failed: \(description)",
      help:
        "pass the engine's CA with --ca-file (see `shepherd codes O011`), or check the host name in --url"
    )
  }

  // MARK: - Helpers

  static func diagnostic(
    _ descriptor: DiagnosticDescriptor, _ message: String, help: String? = nil
  ) -> Diagnostic {
    Diagnostic(descriptor, message, at: nil, help: help)
  }

  private static func seconds(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(value)
  }

  /// `application/x-www-form-urlencoded` value encoding.
  static func formEncode(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
  }

  /// A name usable in a file name.
  static func fileSafe(_ name: String) -> String {
    String(
      name.unicodeScalars.map { scalar -> Character in
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".": Character(scalar)
        default: "_"
        }
      })
  }

  /// The name of the first element of an XML body, skipping the declaration, comments and
  /// whitespace; `nil` when the body does not start like XML.
  static func rootElement(_ body: [UInt8]) -> String? {
    var index = 0
    while index < body.count {
      let byte = body[index]
      if XMLStreamReader.isWhitespace(byte) || byte == 0xEF || byte == 0xBB || byte == 0xBF {
        index += 1
        continue
      }
      guard byte == 0x3C, index + 1 < body.count else { return nil }
      let next = body[index + 1]
      if next == 0x3F || next == 0x21 {  // <? … ?> or <!-- … -->, <!DOCTYPE …>
        while index < body.count, body[index] != 0x3E { index += 1 }
        index += 1
        continue
      }
      var end = index + 1
      while end < body.count, body[end] != 0x20, body[end] != 0x3E, body[end] != 0x2F,
        body[end] != 0x0A, body[end] != 0x0D, body[end] != 0x09
      {
        end += 1
      }
      return String(decoding: body[(index + 1)..<end], as: UTF8.self)
    }
    return nil
  }

  /// The `<reason>` and `<detail>` of an engine `<fault>` body.
  static func faultReason(_ body: [UInt8]) -> String? {
    guard rootElement(body) == "fault" else { return nil }
    let text = String(decoding: body, as: UTF8.self)
    func element(_ name: String) -> String? {
      guard let start = text.range(of: "<\(name)>"),
        let end = text.range(of: "</\(name)>", range: start.upperBound..<text.endIndex)
      else { return nil }
      return String(text[start.upperBound..<end.lowerBound])
    }
    let parts = [element("reason"), element("detail")].compactMap { $0 }
    return parts.isEmpty ? nil : parts.joined(separator: ": ")
  }

  /// The `(id, name)` of every cluster in a `clusters.xml` body.
  static func clusterIDs(_ bytes: [UInt8]) -> [(id: String, name: String)] {
    var clusters: [(id: String, name: String)] = []
    var bag = DiagnosticBag()
    let file = SourceFile(id: SourceFileID(rawValue: 0), path: "clusters.xml", bytes: bytes)
    _ = XMLStreamReader.read(
      file, diagnostics: &bag, onRoot: { name, _ in name == "clusters" },
      onItem: { node in
        if node.name == "cluster", let id = node.id {
          clusters.append((id, node.text("name") ?? id))
        }
      })
    return clusters
  }
}
