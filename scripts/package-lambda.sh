#!/usr/bin/env bash
# Builds the functions' release `bootstrap` (Swift stdlib and Foundation linked statically) and
# zips it once per function as .build/lambda/<Function>.zip, the CodeUri of each function in
# infrastructure/template.yaml. Lambda's `provided.al2023` runtime runs `bootstrap`; the
# template's Handler (`_HANDLER`) picks the function. Build on x86_64 Linux (the template's
# architecture), e.g. in a swift:6.x-amazonlinux2023 container for an exact runtime match.
set -euo pipefail
cd "$(dirname "$0")/.."

# Static Foundation still links libcurl (URLSession) and libxml2 (XMLParser) from the system.
curl_found=false
for library in /usr/lib/*/libcurl.so /usr/lib64/libcurl.so /usr/lib/libcurl.so; do [ -e "$library" ] && curl_found=true; done
if [ "$curl_found" = false ]; then
    echo "package-lambda: libcurl's development files are missing (Debian/Ubuntu: apt-get install libcurl4-openssl-dev; Amazon Linux: dnf install libcurl-devel)" >&2
    exit 2
fi

swift build -c release --product testex-lambda --static-swift-stdlib
binary="$(swift build -c release --show-bin-path)/testex-lambda"
out=.build/lambda
staging="$out/bootstrap-staging"
rm -rf "$staging"
mkdir -p "$staging"
cp "$binary" "$staging/bootstrap"
chmod 755 "$staging/bootstrap"
# Debug symbols are most of the size; Lambda has no use for them.
if command -v strip >/dev/null; then strip "$staging/bootstrap"; fi

for function in ApiGateway ContractProcessor DatabaseManager FileHandler NotificationService; do
    zip_file="$out/$function.zip"
    rm -f "$zip_file"
    if command -v zip >/dev/null; then
        (cd "$staging" && zip -q -X "../$function.zip" bootstrap)
    else
        python3 - "$staging/bootstrap" "$zip_file" <<'PY'
import sys, zipfile
source, target = sys.argv[1], sys.argv[2]
entry = zipfile.ZipInfo("bootstrap", date_time=(1980, 1, 1, 0, 0, 0))
entry.external_attr = (0o100755 << 16)  # a regular file Lambda may execute
entry.compress_type = zipfile.ZIP_DEFLATED
with open(source, "rb") as data, zipfile.ZipFile(target, "w") as archive:
    archive.writestr(entry, data.read())
PY
    fi
    echo "$zip_file  $(wc -c <"$zip_file") bytes"
done
rm -rf "$staging"
echo "shared libraries bootstrap loads (provided.al2023 must have them):"
if command -v readelf >/dev/null; then readelf -d "$binary" | awk '/NEEDED/ {print "  " $NF}' | tr -d '[]'; else ldd "$binary"; fi
