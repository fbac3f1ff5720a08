#!/usr/bin/env bash
# The per-request growth of Foundation's URLSession on Linux, alone: scripts/urlsession_leak/main.swift
# built as a package of its own in a temporary directory, POSTing to a local Python HTTP server.
# Prints resident memory and malloc's bytes in use every 1,000 requests; the bytes in use grow
# by 120 to 160 per request (a leak, not fragmentation). With heaptrack installed,
# `--heaptrack` names the allocation site: swift-corelibs-foundation's
# CFURLSessionCurlHostIsEqual (`_EasyHandle.set(url:)`, every task) parses the URL into a
# libcurl CURLU handle and frees it with curl_free instead of curl_url_cleanup, so the URL's
# parts (scheme, host, port, path) leak on every request (fixed upstream in
# swift-corelibs-foundation #5498, July 2026; Swift 6.3.1's Foundation has the leak).
#
#   scripts/urlsession-leak-repro.sh [REQUESTS] [--heaptrack]     default 10,000 requests
set -euo pipefail
cd "$(dirname "$0")/.."
requests=10000
heaptrack=
for argument in "$@"; do
    case "$argument" in
        --heaptrack) heaptrack=1 ;;
        *) requests=$argument ;;
    esac
done
work=$(mktemp -d)
server_pid=
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/Sources/repro" "$work/Sources/CMalloc/include"
cp scripts/urlsession_leak/main.swift "$work/Sources/repro/"
cp scripts/urlsession_leak/cmalloc.c "$work/Sources/CMalloc/"
cp scripts/urlsession_leak/cmalloc.h "$work/Sources/CMalloc/include/"
cat >"$work/Package.swift" <<'SWIFT'
// swift-tools-version:6.0
import PackageDescription
let package = Package(name: "repro", targets: [
    .target(name: "CMalloc", path: "Sources/CMalloc"),
    .executableTarget(name: "repro", dependencies: ["CMalloc"], path: "Sources/repro"),
])
SWIFT
swift build -c release --package-path "$work" >&2
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 - "$port" <<'PY' &
import http.server, sys
class Answer(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *_): pass
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b'{"Item":{"contract_id":{"S":"CT001ABC"}}}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Answer).serve_forever()
PY
server_pid=$!
sleep 1
binary="$work/.build/release/repro"
if [ -n "$heaptrack" ]; then
    heaptrack -o "$work/heap" "$binary" "http://127.0.0.1:$port/" "$requests"
    heaptrack_print -f "$work/heap.zst" -l 1 | awk '/^MEMORY LEAKS/{f=1} f' | grep -v '^ *at ' | head -40
else
    "$binary" "http://127.0.0.1:$port/" "$requests"
fi
