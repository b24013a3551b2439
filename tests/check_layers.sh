#!/bin/sh
# tests/check_layers.sh
#   Checks the engine's include rule (engine/README.md, "Layers"): a file
#   may include headers of its own folder and of folders below it, never
#   of a folder above it or of a sibling stage. Ranks, top to bottom:
#     driver/ 100; engine.c/engine.h (the façade) 90; exec/ 60;
#     optimizer/ 55; planner/ 52; binder/ 50; parser/ 40; session/ 30; connector/ 20;
#     plan/ 15; types/ 10; common/ 5; mem/ 3; error.h/errcodes 0.
#   (common/ sits on mem/: its string builder and arrays grow in arenas.)
# Usage: tests/check_layers.sh SRCDIR. Prints PASS/FAIL lines; exit 1 on
#   any include that runs up.
src=${1:-.}
cd "$src" || exit 2
rank() {
    case $1 in
        driver/*) echo 100 ;;
        engine/engine.c|engine/engine.h|engine/engine_remote.*) echo 90 ;;
        engine/exec/*) echo 60 ;;
        engine/optimizer/*) echo 55 ;;
        engine/planner/*) echo 52 ;;
        engine/binder/*) echo 50 ;;
        engine/parser/*) echo 40 ;;
        engine/session/*) echo 30 ;;
        engine/connector/*) echo 20 ;;
        engine/plan/*) echo 15 ;;
        engine/types/*) echo 10 ;;
        engine/common/*) echo 5 ;;
        engine/mem/*) echo 3 ;;
        engine/error.h|engine/error.c|engine/errcodes*) echo 0 ;;
        *) echo -1 ;;
    esac
}
# folder of a path: its directory (connector/pg counts as connector/)
room() { d=${1%/*}; case $d in engine/connector/*) d=engine/connector ;; esac; echo "$d"; }
bad=0
for f in $(find driver engine -name '*.[ch]' | sort); do
    fr=$(rank "$f")
    [ "$fr" = -1 ] && { echo "FAIL: check-layers: $f has no rank (add it to tests/check_layers.sh)"; bad=1; continue; }
    dir=${f%/*}
    for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
        t=
        for cand in "$dir/$inc" "engine/$inc" "$inc"; do
            if [ -f "$cand" ]; then t=$(realpath --relative-to=. "$cand"); break; fi
        done
        [ -z "$t" ] && continue            # generated (errcodes.h) or system
        tr=$(rank "$t")
        [ "$tr" = -1 ] && continue
        if [ "$(room "$f")" = "$(room "$t")" ]; then continue; fi
        if [ "$tr" -ge "$fr" ]; then
            echo "FAIL: check-layers: $f (rank $fr) includes $t (rank $tr)"
            bad=1
        fi
    done
done
[ $bad = 0 ] && echo "PASS: check-layers"
exit $bad
