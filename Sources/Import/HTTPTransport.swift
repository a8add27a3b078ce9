import CCurlShim

/// One HTTP request as the importer sends it.
struct HTTPRequest {
  var method: String
  var url: String
  var headers: [String]
  var body: [UInt8] = []
}

/// How requests reach the engine: TLS trust and limits.
struct HTTPTransport {
  /// Seconds before a request (connection included) is abandoned.
  var timeout: Double
  /// A PEM file with the CA(s) to trust instead of the system store; `nil`: the system store.
  var caFile: String?
  /// Skip TLS certificate and host name verification.
  var insecure: Bool
  /// The largest response body accepted, in bytes.
  var maxBodyBytes: Int

  /// What a request ended with.
  enum Outcome {
    /// A response, whatever its status.
    case response(status: Int, body: [UInt8])
    /// The host name did not resolve.
    case unresolvedHost(String)
    /// No connection, or it broke.
    case connectionFailed(String)
    /// The TLS handshake or certificate verification failed.
    case tlsFailed(String)
    /// No complete answer within the timeout.
    case timedOut
    /// The body went over `maxBodyBytes`.
    case bodyTooLarge
  }

  /// Sends `request` over libcurl and waits for the answer (bounded by the timeout).
  func send(_ request: HTTPRequest) -> Outcome {
    var response = shepherd_http_response()
    let milliseconds = Int(min(max(timeout, 0.001), 86_400) * 1000)
    withCStrings(request.headers) { headers in
      request.method.withCString { method in
        request.url.withCString { url in
          withOptionalCString(caFile) { caFile in
            request.body.withUnsafeBufferPointer { body in
              var raw = shepherd_http_request(
                method: method, url: url, headers: headers.baseAddress,
                header_count: headers.count, body: body.baseAddress, body_length: body.count,
                timeout_milliseconds: milliseconds, ca_file: caFile, insecure: insecure ? 1 : 0,
                max_body_bytes: maxBodyBytes)
              shepherd_http_perform(&raw, &response)
            }
          }
        }
      }
    }
    defer { shepherd_http_response_free(&response) }
    let message = withUnsafeBytes(of: response.error) { raw in
      String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
    if response.body_truncated != 0 { return .bodyTooLarge }
    switch response.curl_code {
    case 0:
      let body =
        response.body_length == 0 || response.body == nil
        ? [] : [UInt8](UnsafeBufferPointer(start: response.body, count: response.body_length))
      return .response(status: response.status, body: body)
    case 6, 5:  // CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY
      return .unresolvedHost(message)
    case 28:  // CURLE_OPERATION_TIMEDOUT
      return .timedOut
    case 35, 51, 53, 54, 58, 59, 60, 64, 66, 77, 80, 82, 83, 90, 91, 98:
      // SSL_CONNECT_ERROR … PEER_FAILED_VERIFICATION, CACERT_BADFILE, ISSUER_ERROR, …
      return .tlsFailed(message)
    default:
      return .connectionFailed(message)
    }
  }
}

/// Calls `body` with NUL-terminated copies of `strings` that live for the call.
private func withCStrings<R>(
  _ strings: [String], _ body: (UnsafeBufferPointer<UnsafePointer<CChar>?>) -> R
) -> R {
  var copies: [UnsafeMutablePointer<CChar>] = []
  copies.reserveCapacity(strings.count)
  for string in strings {
    let utf8 = Array(string.utf8CString)
    let copy = UnsafeMutablePointer<CChar>.allocate(capacity: utf8.count)
    copy.initialize(from: utf8, count: utf8.count)
    copies.append(copy)
  }
  defer { copies.forEach { $0.deallocate() } }
  let pointers = copies.map { UnsafePointer<CChar>?(UnsafePointer($0)) }
  return pointers.withUnsafeBufferPointer(body)
}

private func withOptionalCString<R>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
  guard let string else { return body(nil) }
  return string.withCString(body)
}
