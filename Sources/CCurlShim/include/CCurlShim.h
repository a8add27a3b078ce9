// A synchronous HTTP request over libcurl, for the oVirt import: Swift cannot call libcurl's
// variadic curl_easy_setopt, so this shim sets the options and returns plain values.
#ifndef SHEPHERD_CCURLSHIM_H
#define SHEPHERD_CCURLSHIM_H

#include <stddef.h>

/// What to send. Strings are NUL-terminated UTF-8; `ca_file` may be NULL (the system store).
typedef struct {
  const char *method;
  const char *url;
  const char *const *headers;
  size_t header_count;
  const unsigned char *body;
  size_t body_length;
  long timeout_milliseconds;
  const char *ca_file;
  int insecure;
  size_t max_body_bytes;
} shepherd_http_request;

/// What came back. `curl_code` is libcurl's CURLcode (0: a response was received, whatever its
/// status); `body_truncated` is set when the body went over `max_body_bytes` (the transfer is
/// stopped). `body` is owned by the response: release it with shepherd_http_response_free.
typedef struct {
  long status;
  int curl_code;
  int body_truncated;
  unsigned char *body;
  size_t body_length;
  char error[256];
} shepherd_http_response;

/// Performs the request; always fills `response` (which must be released afterwards).
void shepherd_http_perform(const shepherd_http_request *request, shepherd_http_response *response);

/// Releases the response's body.
void shepherd_http_response_free(shepherd_http_response *response);

/// libcurl's name of a CURLcode.
const char *shepherd_http_code_name(int code);

#endif
