#!/usr/bin/env bash
# bench/lib.sh: what the export benchmarks share. Sourced, never run:
#
#   . "$(dirname "$0")/lib.sh"
#
# It sets ROOT (the repository) and SHARED (default $ROOT/../shared: the
# corpus and long-show makers) and defines the functions below.

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}

# bench_options HELP SPEC... -- ARGS...: parses the script's arguments.
# HELP is the sed line range of the script's header that --help prints.
# Each SPEC is "name:VAR" (--name takes a value, stored in VAR) or
# "name:VAR=value" (--name is a switch that sets VAR to value). An unknown
# argument exits 2.
bench_options() {
  local help=$1 spec arg
  shift
  local -A takes=() sets=()
  while [ "$1" != -- ]; do
    spec=$1
    case "$spec" in
      *=*) sets[${spec%%:*}]=${spec#*:} ;;
      *) takes[${spec%%:*}]=${spec#*:} ;;
    esac
    shift
  done
  shift
  while [ $# -gt 0 ]; do
    arg=${1#--}
    if [ "$1" = -h ] || [ "$1" = --help ]; then
      sed -n "${help}p" "$0"; exit 0
    elif [ "$1" != "$arg" ] && [ -n "${takes[$arg]:-}" ] && [ $# -ge 2 ]; then
      printf -v "${takes[$arg]}" '%s' "$2"; shift
    elif [ "$1" != "$arg" ] && [ -n "${sets[$arg]:-}" ]; then
      printf -v "${sets[$arg]%%=*}" '%s' "${sets[$arg]#*=}"
    else
      echo "unknown argument $1 (see --help)" >&2; exit 2
    fi
    shift
  done
}

# bench_need TOOL...: exits 1 naming the first tool not on PATH. A tool may
# be written "tool(how to get it)".
bench_need() {
  local t
  for t in "$@"; do
    command -v "${t%%(*}" >/dev/null && continue
    if [ "$t" != "${t%%(*}" ]; then
      echo "bench: ${t%%(*} is required (${t#*(}" >&2
    else
      echo "bench: $t is required" >&2
    fi
    exit 1
  done
}

# bench_corpus DIR: makes the standard photo and sound corpus in DIR unless
# it is there.
bench_corpus() {
  [ -f "$1/MANIFEST.md5" ] && return
  echo "== making the corpus in $1"
  bash "$SHARED/bench/make_corpus.sh" "$1"
}

# bench_long_show DIR MINUTES SLIDES: a MINUTES-long MP3 under SLIDES photos
# of the corpus CORPUS, in DIR (long.mp3, images.txt, img/).
bench_long_show() {
  bash "$SHARED/bench/make_long_show.sh" "$CORPUS" "$1" "$2" "$3" >/dev/null
}
