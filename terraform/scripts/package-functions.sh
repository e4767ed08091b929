#!/usr/bin/env bash
# Builds the functions and zips them for Cloud Functions: terraform/deploy/pom.xml beside libs/ (the
# functions jar and its runtime dependencies, prebuilt). The pom makes Cloud's Java buildpack run the
# function with the invoker version our tests run (see the pom's comment and terraform/README.md);
# nothing is compiled in Cloud Build, where our core module (a reactor SNAPSHOT) could not be resolved.
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
cp "$jar" "$stage/libs/sacred-functions.jar"
cp "$repo/terraform/deploy/pom.xml" "$stage/pom.xml"
(
  cd "$stage"
  rm -f "$out/functions.zip"
  zip -q -r -X "$out/functions.zip" pom.xml libs
)
echo "packaged $(basename "$jar") + $(($(ls "$stage/libs" | wc -l) - 1)) libraries + deploy pom -> terraform/build/functions.zip"
