#!/usr/bin/env bash
# Builds the functions and zips them for Cloud Functions as a jar with its
# dependencies: functions.jar (manifest Class-Path: libs/...) beside libs/*.jar.
# The Java buildpack then runs that jar as is instead of running Maven in Cloud
# Build, where our core module (a reactor SNAPSHOT) could not be resolved.
# SC_TARGET picks the Maven output folder name (default: target).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
target="${SC_TARGET:-target}"
out="$repo/terraform/build"
stage="$out/functions"
cd "$repo"
rm -rf "$stage" && mkdir -p "$stage/libs"
# copy-dependencies runs for every reactor module; each writes its own target/dependency.
mvn -B -q -Dsc.target="$target" -pl functions -am -DskipTests package \
  dependency:copy-dependencies -DincludeScope=runtime
cp functions/"$target"/dependency/*.jar "$stage/libs/"
jar="$(ls functions/"$target"/sacred-functions-*.jar | grep -v -e '-sources' -e '-javadoc' -e '-tests' | head -n 1)"
[ -f "$jar" ] || { echo "no functions jar in functions/$target" >&2; exit 1; }
cp "$jar" "$stage/functions.jar"
# Manifest lines may hold 72 bytes: fold the Class-Path into continuation lines.
(
  cd "$stage"
  classpath="$(ls libs/*.jar | tr '\n' ' ')"
  printf 'Class-Path: %s' "$classpath" | fold -w 70 | sed '2,$s/^/ /' > manifest.add
  printf '\n' >> manifest.add
  jar ufm functions.jar manifest.add
  rm manifest.add
  rm -f "$out/functions.zip"
  zip -q -r -X "$out/functions.zip" functions.jar libs
)
echo "packaged $(basename "$jar") + $(ls "$stage/libs" | wc -l) libraries -> terraform/build/functions.zip"
