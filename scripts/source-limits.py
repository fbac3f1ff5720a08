#!/usr/bin/env python3
"""Prints every function or initializer over 50 lines and every line over 120 columns under Sources/.

A function's length runs from the line of its `func` or `init` keyword to the line of its closing
brace. Braces are matched outside comments and string literals (raw, multi-line and interpolated
ones included), so a `{` in a message or a template does not count. Exits 1 when anything is
over a limit, 0 when nothing is, 2 on a usage error.

scripts/source-limits-allowed.txt lists what may stay over a limit for now, one `PATH NAME` a line
(NAME a function's name, or `columns` for the file's long lines) with its reason in a `#` comment;
those are printed as allowed, and an entry that no longer matches anything is printed as stale.

    scripts/source-limits.py                 Sources/ of the repository
    scripts/source-limits.py PATH...         those files or directories instead (relative to the
                                             repository, as the allowed list is)
"""

import os
import re
import sys

MAX_FUNCTION_LINES = 50
MAX_COLUMNS = 120
ALLOWED = os.path.join("scripts", "source-limits-allowed.txt")
DECLARATION = re.compile(r"\b(func|init)\b")
# What may follow a `func`/`init` signature instead of a body (a protocol requirement).
NO_BODY = re.compile(r"\b(func|init|var|let|case|struct|class|enum|actor|extension|protocol|typealias)\b|}")


def mask(source):
    """The source with comments and string contents blanked (newlines kept), so code stays in place."""
    out = list(source)
    _code(source, 0, out, in_interpolation=False)
    return "".join(out)


def _blank(out, start, end):
    for index in range(start, end):
        if out[index] != "\n":
            out[index] = " "


def _code(source, position, out, in_interpolation):
    """Walks code from position; in an interpolation, returns just past its closing parenthesis."""
    depth = 0
    length = len(source)
    while position < length:
        char = source[position]
        if source.startswith("//", position):
            end = source.find("\n", position)
            end = length if end < 0 else end
            _blank(out, position, end)
            position = end
        elif source.startswith("/*", position):
            end = _block_comment_end(source, position)
            _blank(out, position, end)
            position = end
        elif char == '"' or (char == "#" and _raw_string_start(source, position)):
            position = _string(source, position, out)
        elif in_interpolation and char == "(":
            depth += 1
            position += 1
        elif in_interpolation and char == ")":
            if depth == 0:
                return position + 1
            depth -= 1
            position += 1
        else:
            position += 1
    return position


def _raw_string_start(source, position):
    index = position
    while index < len(source) and source[index] == "#":
        index += 1
    return index < len(source) and source[index] == '"'


def _block_comment_end(source, position):
    depth = 0
    while position < len(source):
        if source.startswith("/*", position):
            depth += 1
            position += 2
        elif source.startswith("*/", position):
            depth -= 1
            position += 2
            if depth == 0:
                return position
        else:
            position += 1
    return position


def _string(source, position, out):
    """Blanks a string literal's contents, keeping its interpolations as code; returns its end."""
    hashes = 0
    while source[position + hashes] == "#":
        hashes += 1
    position += hashes
    quotes = '"""' if source.startswith('"""', position) else '"'
    position += len(quotes)
    closing = quotes + "#" * hashes
    escape = "\\" + "#" * hashes
    start = position
    while position < len(source):
        if source.startswith(closing, position):
            _blank(out, start, position)
            return position + len(closing)
        if source.startswith(escape, position):
            after = position + len(escape)
            if after < len(source) and source[after] == "(":
                _blank(out, start, position)
                position = _code(source, after + 1, out, in_interpolation=True)
                start = position
                continue
            position = after + 1
            continue
        if quotes == '"' and source[position] == "\n":
            break
        position += 1
    _blank(out, start, position)
    return position


def long_functions(masked):
    """(line, length, name) of every func/init whose body runs over the limit."""
    found = []
    for match in DECLARATION.finditer(masked):
        start = match.start()
        if start > 0 and masked[start - 1] == ".":
            continue  # a call such as `.init(` or `self.init(`
        body = _body_start(masked, match.end())
        if body is None:
            continue
        end = _matching_brace(masked, body)
        first = masked.count("\n", 0, start) + 1
        last = masked.count("\n", 0, end) + 1
        if last - first + 1 > MAX_FUNCTION_LINES:
            found.append((first, last - first + 1, _name(masked, match)))
    return found


def _body_start(masked, position):
    """The index of the body's `{` after a signature, or None when the declaration has no body."""
    depth = 0
    while position < len(masked):
        char = masked[position]
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif depth == 0 and char == "{":
            return position
        elif depth == 0 and NO_BODY.match(masked, position):
            return None
        position += 1
    return None


def _matching_brace(masked, position):
    depth = 0
    while position < len(masked):
        if masked[position] == "{":
            depth += 1
        elif masked[position] == "}":
            depth -= 1
            if depth == 0:
                return position
        position += 1
    return position


def _name(masked, match):
    if match.group(1) == "init":
        return "init"
    name = re.match(r"\s*([^\s(<]+)", masked[match.end():])
    return name.group(1) if name else "func"


def swift_files(paths):
    for path in paths:
        if os.path.isfile(path):
            yield path
            continue
        for directory, subdirectories, files in os.walk(path):
            subdirectories.sort()
            for file in sorted(files):
                if file.endswith(".swift"):
                    yield os.path.join(directory, file)


def check(path):
    """The problems of one file, as (allowed-list key, printable line)."""
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    problems = []
    for number, line in enumerate(source.split("\n"), start=1):
        if len(line) > MAX_COLUMNS:
            message = f"{path}:{number}: line of {len(line)} columns (limit {MAX_COLUMNS})"
            problems.append(((path, "columns"), message))
    for line, length, name in long_functions(mask(source)):
        message = f"{path}:{line}: {name} is {length} lines long (limit {MAX_FUNCTION_LINES})"
        problems.append(((path, name), message))
    return problems


def allowed_entries(path):
    """The (path, name) pairs of the allowed list."""
    entries = set()
    if not os.path.exists(path):
        return entries
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            if len(words) != 2:
                sys.exit(f"source-limits: {path}:{number}: expected `PATH NAME`, found {line.strip()!r}")
            entries.add((words[0], words[1]))
    return entries


def main(arguments):
    if arguments and arguments[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0
    unknown = [argument for argument in arguments if argument.startswith("-")]
    if unknown:
        print(f"source-limits: unknown option {unknown[0]} (see --help)", file=sys.stderr)
        return 2
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    paths = [os.path.normpath(path) for path in arguments] or ["Sources"]
    missing = [path for path in paths if not os.path.exists(path)]
    if missing:
        print(f"source-limits: no such file or directory: {missing[0]}", file=sys.stderr)
        return 2
    allowed = allowed_entries(ALLOWED)
    problems = [problem for path in swift_files(paths) for problem in check(path)]
    for key, message in problems:
        print(f"{message} (allowed in {ALLOWED})" if key in allowed else message)
    matched = {key for key, _ in problems}
    for path, name in sorted(allowed - matched):
        if any(path == root or path.startswith(root + os.sep) for root in paths):
            print(f"source-limits: note: {ALLOWED} lists {path} {name}, which is within the limits now")
    failing = [message for key, message in problems if key not in allowed]
    if failing:
        print(f"source-limits: {len(failing)} over the limits", file=sys.stderr)
        return 1
    print(
        f"source-limits: no function over {MAX_FUNCTION_LINES} lines, no line over {MAX_COLUMNS} columns"
        + (f" but the {len(problems)} allowed in {ALLOWED}" if problems else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
