# Sourced by the bench scripts: `measure LABEL COMMAND…` runs COMMAND $runs times under
# /usr/bin/time and prints the median wall time, median CPU time (user + system: what the
# process itself cost, less disturbed than wall time when the machine is shared) and median
# peak RSS. Needs $runs and $work.
measure() {
  local label="$1"; shift
  local walls=() cpus=() rss=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M %U %S" -o "$work/time.txt" "$@" >/dev/null || true   # exit 3/4/5 (drift, violations) is a result, not a failure
    read -r w m u s < <(tail -n 1 "$work/time.txt")
    walls+=("$w"); rss+=("$m"); cpus+=("$(awk "BEGIN{print $u + $s}")")
  done
  local mw mc mr
  mw=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  mc=$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  mr=$(printf '%s\n' "${rss[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  printf '%-40s median wall %6.3f s   CPU %6.3f s   peak RSS %6.1f MB   (%s runs)\n' "$label" "$mw" "$mc" "$(awk "BEGIN{print $mr/1024}")" "$runs"
}
