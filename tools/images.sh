#!/usr/bin/env bash
# Builds the three jlink runtimes of nn, runs a smoke command in each from a copied folder whose path has a space
# and through a symlink, and prints their sizes:
#   a-core       dev.nn.core + dev.nn.init (+ dev.nn.host, dev.nn.api): nn-run on the scalar backend
#   b-core-simd  a-core + dev.nn.cpu.simd (+ jdk.incubator.vector): nn-run on cpu-simd
#   c-cli        the whole nn command (every feature module, Guice, picocli)
# Usage: tools/images.sh [--no-build]    (--no-build links the jars an earlier run built)
# Maven options go in MAVEN_ARGS, e.g. MAVEN_ARGS=-o tools/images.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=find-jdk.sh
. tools/find-jdk.sh
nn_find_jdk
export PATH="$JAVA_HOME/bin:$PATH"

out="$root/target/images"
mods="$root/nn-cli/target/mods"
started=$(date +%s)
if [ "${1:-}" != "--no-build" ]; then
    # -Pimage gives Guice and aopalliance module descriptors (moditect) in nn-cli/target/mods
    # the example plugin is loaded into c-cli with --plugin-path by a smoke test
    ./mvnw -B -q -Pimage package -DskipTests -pl nn-cli,nn-run,examples/plugin -am
fi
plugin=$(ls "$root/examples/plugin/target/nn-example-plugin-"*.jar 2>/dev/null | grep -v -- '-tests\.jar$' | head -n 1)
for jar in "$root/nn-run/target/nn-run.jar" "$root/nn-cli/target/nn-cli.jar" "$mods/nn-core-"*.jar "$plugin"; do
    [ -f "$jar" ] || { echo "images: $jar is missing; run tools/images.sh without --no-build" >&2; exit 2; }
done
built=$(date +%s)

# link NAME MODULES: one runtime in $out/NAME. Debug attributes, headers and man pages are left out and the
# classes compressed (zip-9: zip-6 gives the same size within 0.1 %).
link() {
    local name=$1 modules=$2
    shift 2
    rm -rf "${out:?}/$name"
    if ! jlink --module-path "$root/nn-run/target/nn-run.jar:$root/nn-cli/target/nn-cli.jar:$mods" \
        --add-modules "$modules" "$@" \
        --strip-debug --no-header-files --no-man-pages --compress=zip-9 \
        --output "$out/$name" > "$out/$name.jlink.log" 2>&1; then
        cat "$out/$name.jlink.log" >&2
        echo "images: jlink failed for $name" >&2
        exit 1
    fi
    # the incubator warning is expected for the images with cpu-simd; anything else is shown
    grep -v '^WARNING: Using incubator modules' "$out/$name.jlink.log" >&2 || true
    strip_native "$out/$name"
}

# The JDK's native libraries keep their symbol tables (libjvm.so: 5 MB of 29); jlink's
# --strip-native-debug-symbols removes only .debug sections, which Temurin does not ship. Stripping them costs
# symbol names in the native frames of a JVM crash log, nothing else.
strip_native() {
    if ! command -v strip >/dev/null 2>&1; then
        echo "images: no 'strip' (binutils) here: $1 keeps its native symbol tables (about 5 MB more)" >&2
        return 0
    fi
    find "$1/lib" -name '*.so' -exec strip --strip-unneeded {} +
}

# launcher IMAGE NAME MODULE/CLASS: bin/NAME runs the module from wherever the image is, found through symlinks
# and in paths with spaces (jlink's own --launcher script quotes neither).
launcher() {
    local file="$out/$1/bin/$2"
    cat > "$file" <<EOF
#!/bin/sh
# $2: runs $3 on this image's java, wherever the image was copied or linked from
self=\$0
while [ -L "\$self" ]; do
    target=\$(readlink "\$self")
    case \$target in
        /*) self=\$target ;;
        *) self=\$(dirname "\$self")/\$target ;;
    esac
done
bin=\$(CDPATH= cd -- "\$(dirname -- "\$self")" && pwd -P)
exec "\$bin/java" -m $3 "\$@"
EOF
    chmod +x "$file"
}

mkdir -p "$out"
link a-core dev.nn.run,dev.nn.init
launcher a-core nn-run dev.nn.run/dev.nn.run.SmokeRun
link b-core-simd dev.nn.run,dev.nn.init,dev.nn.cpu.simd
launcher b-core-simd nn-run dev.nn.run/dev.nn.run.SmokeRun
# ServiceLoader providers are not followed by jlink: the CLI's plugins are named; Guice is 'requires static'
# in dev.nn.core, so it is resolved at run time only when asked for
link c-cli dev.nn.cli,dev.nn.init,dev.nn.norm,dev.nn.cpu.simd,com.google.guice \
    "--add-options=--add-modules=com.google.guice -Dguice_bytecode_gen_option=DISABLED"
launcher c-cli nn dev.nn.cli/dev.nn.cli.Main
linked=$(date +%s)

# Smoke: each image copied under a path with a space and run through a symlink, with no JAVA_HOME or java on PATH
smoke="$out/smoke"
rm -rf "$smoke"
mkdir -p "$smoke/copied images" "$smoke/links"
failures=0
check() {   # check DESCRIPTION EXPECTED-STATUS EXPECTED-TEXT COMMAND...: runs it, keeps its output, compares
    local what=$1 status=$2 text=$3
    shift 3
    local got=0
    env -i PATH=/usr/bin:/bin HOME="$smoke" "$@" > "$smoke/last.log" 2>&1 || got=$?
    if [ "$got" = "$status" ] && grep -qF -- "$text" "$smoke/last.log"; then
        echo "  ok    $what"
    else
        echo "  FAIL  $what: exit $got (expected $status), output (expected to contain '$text'):" >&2
        sed 's/^/        /' "$smoke/last.log" >&2
        failures=$((failures + 1))
    fi
}
install_copy() {   # install_copy IMAGE COMMAND: copies the image and links COMMAND to its launcher
    cp -R "$out/$1" "$smoke/copied images/$1"
    ln -s "../copied images/$1/bin/$2" "$smoke/links/$1-$2"
}
install_copy a-core nn-run
install_copy b-core-simd nn-run
install_copy c-cli nn

echo "smoke tests (copied to '$smoke/copied images', run through symlinks in $smoke/links):"
check "a-core: nn-run trains on scalar" 0 "backend: scalar" "$smoke/links/a-core-nn-run"
check "a-core: batch_norm names the module to add" 2 "is provided by module dev.nn.norm" \
    "$smoke/links/a-core-nn-run" --norm batch_norm
check "b-core-simd: nn-run trains on cpu-simd" 0 "backend: cpu-simd" "$smoke/links/b-core-simd-nn-run"
check "b-core-simd: NN_BACKEND=scalar is obeyed" 0 "backend: scalar" \
    env NN_BACKEND=scalar "$smoke/links/b-core-simd-nn-run"
check "c-cli: nn backends" 0 "cpu-simd" "$smoke/links/c-cli-nn" backends
check "c-cli: nn train writes the report with its charts" 0 "loss.png" \
    "$smoke/links/c-cli-nn" train --limit 500 --epochs 1 --out "$smoke/run folder"
for png in loss.png accuracy.png confusion.png; do   # the PNG signature
    check "c-cli: $png is a PNG" 0 "89 50 4e 47 0d 0a 1a 0a" od -An -tx1 -N8 "$smoke/run folder/$png"
done
cp "$plugin" "$smoke/example plugin.jar"
check "c-cli: --plugin-path trains with the example plugin's initializer and backend" 0 "backend: gemm64" \
    "$smoke/links/c-cli-nn" --plugin-path "$smoke/example plugin.jar" train --init scaled_orthogonal \
    --backend gemm64 --limit 300 --epochs 1 --out "$smoke/plugin run"
check "c-cli: the plugin run recorded its initializer" 0 "init=scaled_orthogonal" cat "$smoke/plugin run/summary.txt"
finished=$(date +%s)

kib() { du -sk "$1" | cut -f1; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
a=$(kib "$out/a-core")
b=$(kib "$out/b-core-simd")
c=$(kib "$out/c-cli")
echo "image sizes (du):"
for image in a-core b-core-simd c-cli; do
    printf '  %-12s %5s MiB   (JVM %s MiB, classes %s MiB)\n' "$image" "$(mib "$(kib "$out/$image")")" \
        "$(mib "$(kib "$out/$image/lib/server")")" "$(mib "$(kib "$out/$image/lib/modules")")"
done
awk -v a="$a" -v c="$c" 'BEGIN { printf "  a-core is %.0f %% of c-cli\n", 100 * a / c }'
echo "built in $((built - started)) s, linked in $((linked - built)) s, smoke tests in $((finished - linked)) s"
if [ "$failures" -gt 0 ]; then
    echo "images: $failures smoke test(s) failed" >&2
    exit 1
fi
