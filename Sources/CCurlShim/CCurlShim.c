#include "CCurlShim.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t global_init_once = PTHREAD_ONCE_INIT;

static void global_init(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

typedef struct {
  shepherd_http_response *response;
  size_t capacity;
  size_t limit;
} body_sink;

static size_t write_body(char *data, size_t size, size_t count, void *context) {
  body_sink *sink = context;
  shepherd_http_response *response = sink->response;
  size_t length = size * count;
  if (length > sink->limit - response->body_length) {
    response->body_truncated = 1;
    return 0;  // stops the transfer with CURLE_WRITE_ERROR
  }
  size_t needed = response->body_length + length;
  if (needed > sink->capacity) {
    size_t capacity = sink->capacity == 0 ? 65536 : sink->capacity;
    while (capacity < needed) capacity = capacity > sink->limit / 2 ? sink->limit : capacity * 2;
    unsigned char *grown = realloc(response->body, capacity);
    if (grown == NULL) {
      response->body_truncated = 1;
      return 0;
    }
    response->body = grown;
    sink->capacity = capacity;
  }
  memcpy(response->body + response->body_length, data, length);
  response->body_length = needed;
  return length;
}

void shepherd_http_perform(const shepherd_http_request *request, shepherd_http_response *response) {
  memset(response, 0, sizeof *response);
  pthread_once(&global_init_once, global_init);
  CURL *curl = curl_easy_init();
  if (curl == NULL) {
    response->curl_code = CURLE_FAILED_INIT;
    strncpy(response->error, "libcurl could not start a request", sizeof response->error - 1);
    return;
  }
  body_sink sink = {response, 0, request->max_body_bytes};
  struct curl_slist *headers = NULL;
  for (size_t index = 0; index < request->header_count; index++) {
    struct curl_slist *appended = curl_slist_append(headers, request->headers[index]);
    if (appended != NULL) headers = appended;
  }
  curl_easy_setopt(curl, CURLOPT_URL, request->url);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, request->timeout_milliseconds);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, request->timeout_milliseconds);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, response->error);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
  if (strcmp(request->method, "POST") == 0) {
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)request->body_length);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request->body_length > 0 ? (const char *)request->body : "");
  }
  if (request->ca_file != NULL) curl_easy_setopt(curl, CURLOPT_CAINFO, request->ca_file);
  if (request->insecure) {
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  CURLcode code = curl_easy_perform(curl);
  response->curl_code = (int)code;
  if (code == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response->status);
  if (code != CURLE_OK && response->error[0] == '\0')
    strncpy(response->error, curl_easy_strerror(code), sizeof response->error - 1);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
}

void shepherd_http_response_free(shepherd_http_response *response) {
  free(response->body);
  response->body = NULL;
  response->body_length = 0;
}

const char *shepherd_http_code_name(int code) { return curl_easy_strerror((CURLcode)code); }
