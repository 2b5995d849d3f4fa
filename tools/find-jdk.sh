# Sourced by ./nn and .ci/run: exports JAVA_HOME pointing at a JDK 25 or newer, or explains what to install.
# Looks in order at $JAVA_HOME, the java on PATH, then /usr/lib/jvm/* (the machine default may be 17).

nn_java_major() {   # prints the feature version of the given java binary, or nothing
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

nn_is_jdk25() {     # $1 = a JDK home; true when it has javac and java >= 25
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
    local major
    major=$(nn_java_major "$1/bin/java")
    [ -n "$major" ] && [ "$major" -ge 25 ]
}

nn_find_jdk() {
    local candidate
    if [ -n "${JAVA_HOME:-}" ] && nn_is_jdk25 "$JAVA_HOME"; then
        return 0
    fi
    if command -v java >/dev/null 2>&1; then
        candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
        if nn_is_jdk25 "$candidate"; then
            export JAVA_HOME="$candidate"
            return 0
        fi
    fi
    for candidate in /usr/lib/jvm/*; do
        if nn_is_jdk25 "$candidate"; then
            export JAVA_HOME="$candidate"
            return 0
        fi
    done
    cat >&2 <<'MSG'
nn needs a JDK 25 or newer and found none (checked JAVA_HOME, java on PATH, /usr/lib/jvm/*).
Install one, e.g. Eclipse Temurin 25 (https://adoptium.net) or your distribution's openjdk-25-jdk,
then set JAVA_HOME to it.
MSG
    return 1
}
