#!/usr/bin/env bash
# The lint tier (mk/lint.mk): gofmt over every Go file of the repository, then go vet and staticcheck
# over every Go module (every go.mod: the root module, examples/go, sdk, tests/engine,
# tools/pulumi-cli) with every build tag in use (the tags of the //go:build lines: engine, moto,
# readme, release, simulator). Every finding of every step is printed before the tier fails;
# staticcheck's findings, as file:line:col: message (check) relative to the repository, also go
# to FINDINGS.
#
# usage: tools/lint.sh STATICCHECK FINDINGS
set -uo pipefail
staticcheck=$(realpath "$1")
findings=$(realpath -m "$2")
go=${GO:-go}
cd "$(dirname "$0")/.."

failed=()

# Every Go file git sees (tracked, or new and not ignored): not .cache/, not node_modules/.
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.go' | sort -u)
mapfile -t modules < <(git ls-files --cached --others --exclude-standard -- 'go.mod' '*/go.mod' | xargs -n1 dirname | sort -u)
# The build tags in use ("ignore" marks files that never build).
tags=$(grep -h '^//go:build' "${files[@]}" | sed 's,^//go:build,,' | grep -oE '[A-Za-z_][A-Za-z0-9_.]*' |
	grep -vx ignore | sort -u | paste -sd, -)
echo "lint: ${#files[@]} Go files, modules: ${modules[*]}, build tags: ${tags:-none}"

unformatted=$(gofmt -l "${files[@]}")
if [ -n "$unformatted" ]; then
	echo "gofmt: these files are not formatted (gofmt -w FILE):"
	echo "$unformatted"
	failed+=(gofmt)
fi

: > "$findings"
for m in "${modules[@]}"; do
	# A module without packages is skipped; go list's own errors show in vet and staticcheck.
	packages=$(cd "$m" && "$go" list -e -tags "$tags" ./... 2>/dev/null)
	if [ -z "$packages" ]; then
		echo "lint: $m has no Go package (go.mod and go.sum only)"
		continue
	fi
	(cd "$m" && "$go" vet -tags "$tags" ./...) || failed+=("go vet in $m")
	# sdk/ is generated: its internal/pulumiUtilities.go carries the error strings of Pulumi's Go
	# SDK template, which neither codegen nor a user can change (ST1005, error strings style); every
	# other check applies to it.
	checks=inherit
	[ "$m" = sdk ] && checks=inherit,-ST1005
	out=$(cd "$m" && "$staticcheck" -tags "$tags" -checks "$checks" ./... 2>&1)
	status=$?
	prefix=${m#.}
	prefix=${prefix:+${prefix#/}/}
	# Positions relative to the repository; compile errors ("-: /abs/path...") as they are.
	out=$(sed -e '/^$/d' <<<"$out" | sed -E "/^-: /! s|^|$prefix|")
	if [ -n "$out" ]; then
		echo "$out" >> "$findings"
		echo "$out"
		failed+=("staticcheck in $m")
	elif [ "$status" -ne 0 ]; then
		failed+=("staticcheck in $m (exit $status)")
	fi
done

if [ -s "$findings" ]; then
	echo "staticcheck: $(wc -l < "$findings") findings in $findings"
fi
if [ ${#failed[@]} -gt 0 ]; then
	printf 'lint failed: %s\n' "${failed[@]}"
	exit 1
fi
echo "lint: gofmt, go vet and staticcheck found nothing"
