# Shared by scripts/bench and scripts/test (sourced, not run).
#
# step LABEL CMD...  runs CMD with its output in a log and shows that it is
# alive: on a terminal one line redrawn every second (elapsed time and the
# command's latest line of output), elsewhere (CI logs) a line every 15 s.
# On failure the log's tail is printed and the script stops.

# The interpreter that builds the venvs: $PYTHON, else python3.11, else python3.
pick_python() {
    local py=${PYTHON:-python3.11}
    command -v "$py" >/dev/null 2>&1 || py=python3
    printf '%s' "$py"
}

_clock() {
    printf '%d:%02d' $(($1 / 60)) $(($1 % 60))
}

# The log's last line worth showing; pip's configuration warnings repeat
# on every run and say nothing about progress.
_last_line() {
    grep -v '^WARNING: ' "$1" 2>/dev/null | tail -n 1 | cut -c1-"${2:-100}"
}

step() {
    local label=$1
    shift
    local log start pid status=0 shown=0 now width line
    log=$(mktemp "${TMPDIR:-/tmp}/instructor-step.XXXXXX")
    start=$SECONDS
    printf '==> %s\n' "$label"
    # Unbuffered, so that the progress line follows pip as it goes.
    PYTHONUNBUFFERED=1 "$@" >"$log" 2>&1 &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        sleep 1
        now=$((SECONDS - start))
        if [ -t 1 ]; then
            width=$(( $(tput cols 2>/dev/null || echo 100) - 12 ))
            line=$(_last_line "$log" "$width")
            printf '\r\033[K    %s  %s' "$(_clock "$now")" "$line"
            shown=1
        elif [ $((now % 15)) -eq 0 ] && [ "$now" -gt 0 ]; then
            printf '    ... %s  %s\n' "$(_clock "$now")" "$(_last_line "$log")"
        fi
    done
    wait "$pid" || status=$?
    [ "$shown" = 1 ] && printf '\r\033[K'
    if [ "$status" -ne 0 ]; then
        printf '    FAILED after %s (exit status %d); the last lines of its output:\n' \
            "$(_clock $((SECONDS - start)))" "$status"
        # (pip repeats a warning per configured index folder that is absent)
        grep -v '^WARNING: Location' "$log" | tail -n 40 | sed 's/^/    /'
        printf '    full log: %s\n' "$log"
        exit "$status"
    fi
    printf '    done in %s\n' "$(_clock $((SECONDS - start)))"
    rm -f "$log"
}
