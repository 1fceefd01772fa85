# Sourced by ./mvnw and ./chord: sets CHORD_JAVA_HOME to a JDK >= 25, or prints one line and exits.
# Order: JAVA_HOME if it is a JDK >= 25, then the usual install locations, newest first.
chord_jdk_feature() { # prints the feature version of the JDK at $1 (0 if unknown)
  local v=""
  if [ -f "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null)
  fi
  if [ -z "$v" ] && [ -x "$1/bin/java" ]; then
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  echo "${v:-0}"
}
chord_find_jdk() {
  local want=25 c best="" bestv=0 v
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(chord_jdk_feature "$JAVA_HOME")" -ge $want ]; then
    CHORD_JAVA_HOME="$JAVA_HOME"; return 0
  fi
  for c in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
           /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$c/bin/javac" ] || continue
    v=$(chord_jdk_feature "$c")
    if [ "$v" -ge $want ] && [ "$v" -gt "$bestv" ]; then best="$c"; bestv="$v"; fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    c=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    [ "$(chord_jdk_feature "$c")" -ge $want ] && best="$c"
  fi
  if [ -z "$best" ]; then
    echo "chord: no JDK >= 25 found (checked JAVA_HOME, /usr/lib/jvm, /opt/java, ~/.sdkman, ~/.jdks); install one, e.g. Temurin 25 (apt install temurin-25-jdk)." >&2
    exit 1
  fi
  CHORD_JAVA_HOME="$best"
}
chord_find_jdk
