#!/usr/bin/env bash
# setup/sql_oneline.sh
#   Prints a SQL file as one line, for tools such as isql that take one
#   statement per input line: drops "--" comments (outside single-quoted
#   literals), joins the lines with single spaces, squeezes runs of blanks
#   outside literals, and removes a trailing ";".
# Usage: setup/sql_oneline.sh FILE   (or standard input when FILE is absent)
# Limits: one statement per file; no /* */ comments, no dollar quoting; a
#   string literal spanning lines is an error (exit status 1).
set -euo pipefail

awk '
BEGIN { out = ""; inq = 0 }
{
    sub(/\r$/, "")
    line = $0; n = length(line)
    for (i = 1; i <= n; i++) {
        c = substr(line, i, 1)
        if (inq) {
            out = out c
            if (c == "\047") inq = 0          # a doubled quote reopens at once
        } else if (c == "-" && substr(line, i + 1, 1) == "-") {
            break
        } else if (c == "\047") {
            out = out c; inq = 1
        } else if (c == " " || c == "\t") {
            if (out != "" && substr(out, length(out), 1) != " ") out = out " "
        } else {
            out = out c
        }
    }
    if (inq) {                                # cannot be put on one line faithfully
        print "sql_oneline: a string literal spans lines (line " NR ")" > "/dev/stderr"
        bad = 1; exit 1
    }
    if (out != "" && substr(out, length(out), 1) != " ") out = out " "
}
END {
    if (bad) exit 1
    sub(/[ ]+$/, "", out)
    sub(/;[ ]*$/, "", out)
    sub(/[ ]+$/, "", out)
    print out
}' "${1:--}"
