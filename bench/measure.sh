# Sourced by the bench scripts: `measure LABEL COMMAND…` runs COMMAND $runs times under
# /usr/bin/time and prints the median wall time and median peak RSS. Needs $runs and $work.
measure() {
  local label="$1"; shift
  local walls=() rss=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null || true   # exit 5 (violations) is a result, not a failure
    read -r w m < <(tail -n 1 "$work/time.txt")
    walls+=("$w"); rss+=("$m")
  done
  local mw mr
  mw=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  mr=$(printf '%s\n' "${rss[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  printf '%-36s median wall %6.3f s   median peak RSS %6.1f MB   (%s runs)\n' "$label" "$mw" "$(awk "BEGIN{print $mr/1024}")" "$runs"
}
